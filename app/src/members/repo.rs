use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, SqlErr,
};

use super::entity::{address, member, password_reset};
use super::model::{
    AccountStatus, Address, AddressInput, DisplayName, Email, MAX_ADDRESSES, MemberSummary, Phone,
    Profile,
};
use crate::auth::viewer::MemberIdentity;

use crate::auth::login::Credentials;

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("this email is already registered")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    #[error("no such address")]
    NotFound,
    #[error("the address book is full")]
    TooMany,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The name a closed account keeps: a mark, not a person.
pub const CLOSED_NAME: &str = "—";

pub struct MemberRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> MemberRepo<'_, C> {
    pub async fn create(
        &self,
        email: &Email,
        name: &DisplayName,
        password_hash: &str,
    ) -> Result<i64, RegisterError> {
        let now = Utc::now();
        let row = member::ActiveModel {
            email: Set(email.as_str().to_owned()),
            password_hash: Set(password_hash.to_owned()),
            display_name: Set(name.as_str().to_owned()),
            phone: Set(None),
            status: Set(AccountStatus::Active.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        match row.insert(self.0).await {
            Ok(row) => Ok(row.id),
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Err(RegisterError::EmailTaken)
            }
            Err(err) => Err(err.into()),
        }
    }

    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, DbErr> {
        let row = member::Entity::find()
            .filter(member::Column::Email.eq(email.as_str()))
            .one(self.0)
            .await?;
        Ok(row.map(|row| Credentials {
            id: row.id,
            active: AccountStatus::parse(&row.status) == AccountStatus::Active,
            password_hash: row.password_hash,
        }))
    }

    pub async fn password_hash(&self, id: i64) -> Result<Option<String>, DbErr> {
        member::Entity::find_by_id(id)
            .select_only()
            .column(member::Column::PasswordHash)
            .into_tuple()
            .one(self.0)
            .await
    }

    /// The identity of an active member.
    pub async fn identity(&self, id: i64) -> Result<Option<MemberIdentity>, DbErr> {
        let row = member::Entity::find_by_id(id)
            .filter(member::Column::Status.eq(AccountStatus::Active.as_str()))
            .one(self.0)
            .await?;
        Ok(row.map(|row| MemberIdentity {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
        }))
    }

    pub async fn profile(&self, id: i64) -> Result<Option<Profile>, DbErr> {
        let row = member::Entity::find_by_id(id).one(self.0).await?;
        Ok(row.map(|row| Profile {
            email: row.email,
            display_name: row.display_name,
            phone: row.phone,
        }))
    }

    pub async fn update_profile(
        &self,
        id: i64,
        name: &DisplayName,
        phone: Option<&Phone>,
    ) -> Result<(), DbErr> {
        member::ActiveModel {
            id: Set(id),
            display_name: Set(name.as_str().to_owned()),
            phone: Set(phone.map(|p| p.as_str().to_owned())),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    pub async fn set_password_hash(&self, id: i64, password_hash: &str) -> Result<(), DbErr> {
        member::ActiveModel {
            id: Set(id),
            password_hash: Set(password_hash.to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    pub async fn set_status(&self, id: i64, status: AccountStatus) -> Result<(), DbErr> {
        member::ActiveModel {
            id: Set(id),
            status: Set(status.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    /// Closes the account: its address book and reset links go, and the
    /// row keeps no name, email, phone or password, only its id (which
    /// orders kept for the accounting period point to). The email is free
    /// to register again. The other centres' parts are erased by their own
    /// holders (`crate::personal_data`).
    pub async fn close(&self, id: i64) -> Result<(), DbErr> {
        address::Entity::delete_many()
            .filter(address::Column::MemberId.eq(id))
            .exec(self.0)
            .await?;
        password_reset::Entity::delete_many()
            .filter(password_reset::Column::MemberId.eq(id))
            .exec(self.0)
            .await?;
        member::ActiveModel {
            id: Set(id),
            email: Set(format!("closed-{id}@closed.invalid")),
            // No password hash verifies against an empty one.
            password_hash: Set(String::new()),
            display_name: Set(CLOSED_NAME.to_owned()),
            phone: Set(None),
            status: Set(AccountStatus::Closed.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    /// When the account was opened, for the member's data export.
    pub async fn joined(&self, id: i64) -> Result<Option<DateTime<Utc>>, DbErr> {
        member::Entity::find_by_id(id)
            .select_only()
            .column(member::Column::CreatedAt)
            .into_tuple()
            .one(self.0)
            .await
    }

    pub async fn summary(&self, id: i64) -> Result<Option<MemberSummary>, DbErr> {
        Ok(member::Entity::find_by_id(id)
            .one(self.0)
            .await?
            .map(summary))
    }

    /// Members whose email or name contains `query` (any case), newest first.
    pub async fn search(
        &self,
        query: &str,
        page: u32,
        per_page: u64,
    ) -> Result<(Vec<MemberSummary>, u64), DbErr> {
        let mut find = member::Entity::find();
        let query = query.trim();
        if !query.is_empty() {
            // Emails are stored in lower case; names are compared in lower
            // case too, the same way on SQLite and PostgreSQL.
            let pattern =
                || LikeExpr::new(format!("%{}%", escape_like(&query.to_lowercase()))).escape('\\');
            find = find.filter(
                Condition::any()
                    .add(Expr::col(member::Column::Email).like(pattern()))
                    .add(Func::lower(Expr::col(member::Column::DisplayName)).like(pattern())),
            );
        }
        let paginator = find
            .order_by_desc(member::Column::CreatedAt)
            .order_by_desc(member::Column::Id)
            .paginate(self.0, per_page);
        let total = paginator.num_items().await?;
        let rows = paginator.fetch_page(u64::from(page)).await?;
        Ok((rows.into_iter().map(summary).collect(), total))
    }

    // --- Address book -----------------------------------------------------

    /// The default address first, then the newest.
    pub async fn addresses(&self, member_id: i64) -> Result<Vec<Address>, DbErr> {
        let rows = in_book_order(address::Entity::find())
            .filter(address::Column::MemberId.eq(member_id))
            .all(self.0)
            .await?;
        Ok(rows.into_iter().map(to_address).collect())
    }

    /// Each member's first address (as `addresses` orders them), in one
    /// query for many members; members with none are absent.
    pub async fn first_addresses(
        &self,
        member_ids: &[i64],
    ) -> Result<HashMap<i64, Address>, DbErr> {
        let rows = in_book_order(address::Entity::find())
            .filter(address::Column::MemberId.is_in(member_ids.iter().copied()))
            .all(self.0)
            .await?;
        let mut first = HashMap::with_capacity(member_ids.len());
        for row in rows {
            first
                .entry(row.member_id)
                .or_insert_with(|| to_address(row));
        }
        Ok(first)
    }

    /// Serialises changes to one member's address book: concurrent edits
    /// (two tabs, a double click) take turns instead of both deciding which
    /// address is the default from what they saw before the other committed.
    /// SQLite needs nothing here: its write transactions already take turns.
    async fn lock_address_book(&self, member_id: i64) -> Result<(), DbErr> {
        if self.0.get_database_backend() == DbBackend::Postgres {
            member::Entity::find_by_id(member_id)
                .select_only()
                .column(member::Column::Id)
                .lock_exclusive()
                .into_tuple::<i64>()
                .one(self.0)
                .await?;
        }
        Ok(())
    }

    /// Adds an address; the first one becomes the default. Call inside a
    /// write transaction, so the count and the insert see the same book.
    pub async fn add_address(
        &self,
        member_id: i64,
        input: &AddressInput,
    ) -> Result<i64, AddressError> {
        self.lock_address_book(member_id).await?;
        let count = address::Entity::find()
            .filter(address::Column::MemberId.eq(member_id))
            .count(self.0)
            .await?;
        if count >= MAX_ADDRESSES as u64 {
            return Err(AddressError::TooMany);
        }
        let now = Utc::now();
        let mut row = address_row(input, now);
        row.member_id = Set(member_id);
        row.is_default = Set(count == 0);
        row.created_at = Set(now);
        Ok(row.insert(self.0).await?.id)
    }

    pub async fn update_address(
        &self,
        member_id: i64,
        id: i64,
        input: &AddressInput,
    ) -> Result<(), AddressError> {
        self.owned_address(member_id, id).await?;
        let mut row = address_row(input, Utc::now());
        row.id = Set(id);
        row.update(self.0).await?;
        Ok(())
    }

    /// Deletes an address; if it was the default, the newest remaining one
    /// takes its place. Call inside a write transaction.
    pub async fn delete_address(&self, member_id: i64, id: i64) -> Result<(), AddressError> {
        self.lock_address_book(member_id).await?;
        let existing = self.owned_address(member_id, id).await?;
        address::Entity::delete_by_id(id).exec(self.0).await?;
        if existing.is_default {
            let newest = address::Entity::find()
                .filter(address::Column::MemberId.eq(member_id))
                .order_by_desc(address::Column::Id)
                .one(self.0)
                .await?;
            if let Some(newest) = newest {
                self.mark_default(newest.id).await?;
            }
        }
        Ok(())
    }

    /// Makes `id` the member's one default address. Call inside a write
    /// transaction; the unique index on defaults backs this up.
    pub async fn set_default_address(&self, member_id: i64, id: i64) -> Result<(), AddressError> {
        self.lock_address_book(member_id).await?;
        self.owned_address(member_id, id).await?;
        address::Entity::update_many()
            .col_expr(address::Column::IsDefault, Expr::value(false))
            .filter(address::Column::MemberId.eq(member_id))
            .filter(address::Column::IsDefault.eq(true))
            .exec(self.0)
            .await?;
        self.mark_default(id).await
    }

    async fn mark_default(&self, id: i64) -> Result<(), AddressError> {
        address::Entity::update_many()
            .col_expr(address::Column::IsDefault, Expr::value(true))
            .col_expr(address::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(address::Column::Id.eq(id))
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// The address, if it belongs to `member_id`: a member can never reach
    /// another member's address, whatever id they send.
    async fn owned_address(&self, member_id: i64, id: i64) -> Result<address::Model, AddressError> {
        address::Entity::find_by_id(id)
            .filter(address::Column::MemberId.eq(member_id))
            .one(self.0)
            .await?
            .ok_or(AddressError::NotFound)
    }

    // --- Password reset ---------------------------------------------------

    pub async fn create_reset(
        &self,
        member_id: i64,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let row = password_reset::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            member_id: Set(member_id),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
        };
        password_reset::Entity::insert(row)
            .exec_without_returning(self.0)
            .await?;
        Ok(())
    }

    /// Uses a reset token: marks it used if it is unused and unexpired, and
    /// returns its member. The conditional update makes it single-use even
    /// when the link is opened twice at once.
    /// Whether a reset link with this token can still be used.
    pub async fn reset_is_open(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let open = password_reset::Entity::find_by_id(token_hash.to_owned())
            .filter(password_reset::Column::UsedAt.is_null())
            .filter(password_reset::Column::ExpiresAt.gt(now))
            .one(self.0)
            .await?;
        Ok(open.is_some())
    }

    pub async fn consume_reset(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, DbErr> {
        let used = password_reset::Entity::update_many()
            .col_expr(password_reset::Column::UsedAt, Expr::value(now))
            .filter(password_reset::Column::TokenHash.eq(token_hash))
            .filter(password_reset::Column::UsedAt.is_null())
            .filter(password_reset::Column::ExpiresAt.gt(now))
            .exec(self.0)
            .await?;
        if used.rows_affected != 1 {
            return Ok(None);
        }
        password_reset::Entity::find_by_id(token_hash.to_owned())
            .select_only()
            .column(password_reset::Column::MemberId)
            .into_tuple()
            .one(self.0)
            .await
    }
}

fn summary(row: member::Model) -> MemberSummary {
    MemberSummary {
        id: row.id,
        active: AccountStatus::parse(&row.status) == AccountStatus::Active,
        closed: AccountStatus::parse(&row.status) == AccountStatus::Closed,
        email: row.email,
        display_name: row.display_name,
        phone: row.phone,
        joined: row.created_at.to_rfc3339(),
    }
}

fn address_row(input: &AddressInput, now: DateTime<Utc>) -> address::ActiveModel {
    address::ActiveModel {
        recipient: Set(input.recipient.clone()),
        phone: Set(input.phone.as_str().to_owned()),
        region: Set(input.region.clone()),
        city: Set(input.city.clone()),
        district: Set(input.district.clone()),
        street: Set(input.street.clone()),
        postcode: Set(input.postcode.clone()),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn to_address(row: address::Model) -> Address {
    Address {
        id: row.id,
        recipient: row.recipient,
        phone: row.phone,
        region: row.region,
        city: row.city,
        district: row.district,
        street: row.street,
        postcode: row.postcode,
        is_default: row.is_default,
    }
}

/// Escapes LIKE's wildcards so a search for `50%` finds "50%", not everything.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The order an address book is shown and used in: the default address
/// first, then the newest.
fn in_book_order(query: Select<address::Entity>) -> Select<address::Entity> {
    query
        .order_by_desc(address::Column::IsDefault)
        .order_by_desc(address::Column::Id)
}
