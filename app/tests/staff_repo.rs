//! Staff, roles and the audit log, on every database.

use crate::support;

use app::audit::repo::{AuditEntry, AuditRepo};
use app::auth::permission::{Permission, Permissions};
use app::db::begin_write;
use app::members::model::{AccountStatus, DisplayName, Email};
use app::staff::repo::{CreateStaffError, StaffRepo};
use chrono::Utc;
use support::test_databases;

async fn staff(conn: &sea_orm::DatabaseConnection, email: &str, role: &str) -> i64 {
    StaffRepo(conn)
        .create(
            &Email::parse(email).unwrap(),
            &DisplayName::parse(email).unwrap(),
            "hash",
            role,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn every_shop_starts_with_the_five_roles() {
    for db in test_databases().await {
        let roles = StaffRepo(&db.conn).roles().await.unwrap();
        let codes: Vec<_> = roles.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            ["owner", "catalog", "orders", "marketing", "support"],
            "{}",
            db.label()
        );
        assert!(roles[0].permissions.is_all());
        assert_eq!(
            roles[1].permissions,
            [Permission::Catalog].into_iter().collect::<Permissions>()
        );
    }
}

#[tokio::test]
async fn a_staff_identity_carries_its_roles_permissions_while_active() {
    for db in test_databases().await {
        let id = staff(&db.conn, "cat@shop.test", "catalog").await;
        let repo = StaffRepo(&db.conn);
        let identity = repo.identity(id).await.unwrap().unwrap();
        assert!(identity.may(Permission::Catalog), "{}", db.label());
        assert!(!identity.may(Permission::Orders), "{}", db.label());

        let support = repo.role_by_code("support").await.unwrap().unwrap();
        repo.set_role(id, support.id).await.unwrap();
        assert!(
            repo.identity(id)
                .await
                .unwrap()
                .unwrap()
                .may(Permission::Support),
            "{}",
            db.label()
        );

        repo.set_status(id, AccountStatus::Disabled).await.unwrap();
        assert_eq!(
            repo.identity(id).await.unwrap(),
            None,
            "{}: disabled",
            db.label()
        );
    }
}

#[tokio::test]
async fn staff_emails_are_unique_and_roles_must_exist() {
    for db in test_databases().await {
        staff(&db.conn, "a@shop.test", "owner").await;
        let repo = StaffRepo(&db.conn);
        let name = DisplayName::parse("A").unwrap();
        let taken = repo
            .create(&Email::parse("A@shop.test").unwrap(), &name, "h", "catalog")
            .await;
        assert!(
            matches!(taken, Err(CreateStaffError::EmailTaken)),
            "{}",
            db.label()
        );
        let unknown = repo
            .create(&Email::parse("b@shop.test").unwrap(), &name, "h", "wizard")
            .await;
        assert!(
            matches!(unknown, Err(CreateStaffError::UnknownRole)),
            "{}",
            db.label()
        );
        assert_eq!(repo.active_owners().await.unwrap(), 1);
    }
}

#[tokio::test]
async fn the_audit_log_is_written_with_the_change_or_not_at_all() {
    for db in test_databases().await {
        let owner = staff(&db.conn, "owner@shop.test", "owner").await;
        let target = staff(&db.conn, "cat@shop.test", "catalog").await;
        let entry = || AuditEntry {
            staff_id: Some(owner),
            action: "staff.disable",
            entity: "staff",
            entity_id: target.to_string(),
            summary: "cat@shop.test: active → disabled".into(),
            ip: Some("10.0.0.1".into()),
        };

        // Rolled back: neither the change nor its record remain.
        let tx = begin_write(&db.conn).await.unwrap();
        StaffRepo(&tx)
            .set_status(target, AccountStatus::Disabled)
            .await
            .unwrap();
        AuditRepo(&tx).record(entry()).await.unwrap();
        tx.rollback().await.unwrap();
        assert!(
            AuditRepo(&db.conn)
                .list(None, None, None, 0)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            db.label()
        );
        assert!(
            StaffRepo(&db.conn)
                .identity(target)
                .await
                .unwrap()
                .is_some()
        );

        // Committed: both.
        let tx = begin_write(&db.conn).await.unwrap();
        StaffRepo(&tx)
            .set_status(target, AccountStatus::Disabled)
            .await
            .unwrap();
        AuditRepo(&tx).record(entry()).await.unwrap();
        tx.commit().await.unwrap();
        let log = AuditRepo(&db.conn).list(None, None, None, 0).await.unwrap();
        assert_eq!(log.len(), 1, "{}", db.label());
        assert_eq!(log[0].staff, "owner@shop.test <owner@shop.test>");
        assert_eq!(log[0].action, "staff.disable");
        assert_eq!(log[0].ip.as_deref(), Some("10.0.0.1"));
    }
}

#[tokio::test]
async fn the_audit_log_filters_by_staff_member_and_day() {
    for db in test_databases().await {
        let a = staff(&db.conn, "a@shop.test", "owner").await;
        let b = staff(&db.conn, "b@shop.test", "owner").await;
        for who in [a, b, b] {
            AuditRepo(&db.conn)
                .record(AuditEntry {
                    staff_id: Some(who),
                    action: "member.disable",
                    entity: "member",
                    entity_id: "1".into(),
                    summary: String::new(),
                    ip: None,
                })
                .await
                .unwrap();
        }
        let repo = AuditRepo(&db.conn);
        assert_eq!(
            repo.list(Some(b), None, None, 0).await.unwrap().len(),
            2,
            "{}",
            db.label()
        );
        let today = Utc::now().date_naive();
        assert_eq!(
            repo.list(None, Some(today), Some(today), 0)
                .await
                .unwrap()
                .len(),
            3,
            "{}",
            db.label()
        );
        let tomorrow = today.succ_opt().unwrap();
        assert!(
            repo.list(None, Some(tomorrow), None, 0)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            db.label()
        );
        let yesterday = today.pred_opt().unwrap();
        assert!(
            repo.list(None, None, Some(yesterday), 0)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            db.label()
        );
    }
}
