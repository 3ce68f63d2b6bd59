//! Members (shoppers), staff and their roles, sessions, password resets,
//! login throttling and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    Phone,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MemberAddresses {
    Table,
    Id,
    MemberId,
    Recipient,
    Phone,
    Region,
    City,
    District,
    Street,
    Postcode,
    IsDefault,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StaffRoles {
    Table,
    Id,
    Code,
    Permissions,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    RoleId,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
    Kind,
    SubjectId,
    Remember,
    CreatedAt,
    ExpiresAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    TokenHash,
    MemberId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum AuthThrottle {
    Table,
    Key,
    WindowStart,
    Failures,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    StaffId,
    Action,
    Entity,
    EntityId,
    Summary,
    Ip,
    CreatedAt,
}

/// The roles every shop starts with; `owner` holds every permission.
const ROLES: &[(&str, &str)] = &[
    (
        "owner",
        "catalog,orders,marketing,support,staff,settings,audit",
    ),
    ("catalog", "catalog"),
    ("orders", "orders"),
    ("marketing", "marketing"),
    ("support", "support"),
];

fn now_default(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
        .default(Expr::current_timestamp())
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Members::Table)
                    .col(big_pk_auto(Members::Id))
                    // Stored normalised (trimmed, lower case): unique means
                    // unique whatever case the shopper types.
                    .col(string_len_uniq(Members::Email, 254))
                    .col(string_len(Members::PasswordHash, 200))
                    .col(string_len(Members::DisplayName, 40))
                    .col(string_len_null(Members::Phone, 20))
                    .col(string_len(Members::Status, 16).default("active"))
                    .col(now_default(Members::CreatedAt))
                    .col(now_default(Members::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MemberAddresses::Table)
                    .col(big_pk_auto(MemberAddresses::Id))
                    .col(big_integer(MemberAddresses::MemberId))
                    .col(string_len(MemberAddresses::Recipient, 40))
                    .col(string_len(MemberAddresses::Phone, 20))
                    .col(string_len(MemberAddresses::Region, 40))
                    .col(string_len(MemberAddresses::City, 40))
                    .col(string_len(MemberAddresses::District, 40))
                    .col(string_len(MemberAddresses::Street, 200))
                    .col(string_len(MemberAddresses::Postcode, 10))
                    .col(boolean(MemberAddresses::IsDefault).default(false))
                    .col(now_default(MemberAddresses::CreatedAt))
                    .col(now_default(MemberAddresses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MemberAddresses::Table, MemberAddresses::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_member_addresses_member")
                    .table(MemberAddresses::Table)
                    .col(MemberAddresses::MemberId)
                    .to_owned(),
            )
            .await?;
        // At most one default address per member, enforced by the database
        // itself (both SQLite and PostgreSQL support partial indexes).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_member_addresses_one_default \
                 ON member_addresses (member_id) WHERE is_default",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffRoles::Table)
                    .col(pk_auto(StaffRoles::Id))
                    .col(string_len_uniq(StaffRoles::Code, 32))
                    .col(string_len(StaffRoles::Permissions, 200))
                    .to_owned(),
            )
            .await?;
        let mut roles = Query::insert()
            .into_table(StaffRoles::Table)
            .columns([StaffRoles::Code, StaffRoles::Permissions])
            .to_owned();
        for (code, permissions) in ROLES {
            roles.values_panic([(*code).into(), (*permissions).into()]);
        }
        manager.exec_stmt(roles).await?;

        manager
            .create_table(
                Table::create()
                    .table(Staff::Table)
                    .col(big_pk_auto(Staff::Id))
                    .col(string_len_uniq(Staff::Email, 254))
                    .col(string_len(Staff::PasswordHash, 200))
                    .col(string_len(Staff::DisplayName, 40))
                    .col(integer(Staff::RoleId))
                    .col(string_len(Staff::Status, 16).default("active"))
                    .col(now_default(Staff::CreatedAt))
                    .col(now_default(Staff::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Staff::Table, Staff::RoleId)
                            .to(StaffRoles::Table, StaffRoles::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::TokenHash, 64).primary_key())
                    .col(string_len(Sessions::Kind, 8))
                    .col(big_integer(Sessions::SubjectId))
                    .col(boolean(Sessions::Remember).default(false))
                    .col(now_default(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(string_len_null(Sessions::Ip, 45))
                    .col(string_len_null(Sessions::UserAgent, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_subject")
                    .table(Sessions::Table)
                    .col(Sessions::Kind)
                    .col(Sessions::SubjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expires")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .col(string_len(PasswordResets::TokenHash, 64).primary_key())
                    .col(big_integer(PasswordResets::MemberId))
                    .col(now_default(PasswordResets::CreatedAt))
                    .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasswordResets::Table, PasswordResets::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_password_resets_member")
                    .table(PasswordResets::Table)
                    .col(PasswordResets::MemberId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuthThrottle::Table)
                    .col(string_len(AuthThrottle::Key, 300).primary_key())
                    .col(timestamp_with_time_zone(AuthThrottle::WindowStart))
                    .col(integer(AuthThrottle::Failures))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(big_integer_null(AuditLog::StaffId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::Entity, 32))
                    .col(string_len(AuditLog::EntityId, 64))
                    .col(text(AuditLog::Summary))
                    .col(string_len_null(AuditLog::Ip, 45))
                    .col(now_default(AuditLog::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditLog::Table, AuditLog::StaffId)
                            .to(Staff::Table, Staff::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_created")
                    .table(AuditLog::Table)
                    .col(AuditLog::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_staff_created")
                    .table(AuditLog::Table)
                    .col(AuditLog::StaffId)
                    .col(AuditLog::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            AuthThrottle::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            Sessions::Table.into_iden(),
            Staff::Table.into_iden(),
            StaffRoles::Table.into_iden(),
            MemberAddresses::Table.into_iden(),
            Members::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
