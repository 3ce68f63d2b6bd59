//! How many coupon claims one template takes per second: 64 members claim
//! from it at once, over and over, for a few seconds, on a fresh SQLite
//! file and (when reachable) a fresh PostgreSQL database; first each claim
//! in its own write transaction, then through the claim queue the coupon
//! centre uses (claims waiting on a template settled in one transaction).
//! Then checks that the template's count, the coupons held and the claims
//! answered agree.
//!
//!     cargo run --release -p app --features ssr --example claims_bench [seconds]
//!
//! In process: no HTTP, so this is the database's and the repository's
//! share of a claim.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::db::{DbOptions, connect, sqlite_url};
use app::members::model::{DisplayName, Email};
use app::members::repo::MemberRepo;
use app::promotions::claim_queue::ClaimQueue;
use app::promotions::entity::member_coupon;
use app::promotions::repo::{CouponRepo, NewTemplate, Validity};
use app::promotions::rules::{Benefit, CouponTerms, Scope};
use chrono::Utc;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter,
};

const MEMBERS: usize = 64;
const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Why a run could not be made, said in words.
#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error("the first argument must be a number of seconds, got `{0}`")]
    Seconds(String),
    #[error("cannot make a scratch directory: {0}")]
    ScratchDir(#[from] std::io::Error),
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("a made-up member was refused: {0}")]
    Member(String),
    #[error("a claiming task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match bench().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("claims_bench: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn bench() -> Result<(), BenchError> {
    let seconds: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().map_err(|_| BenchError::Seconds(arg))?,
        None => 10,
    };
    let dir = std::env::temp_dir().join(format!("claims-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite = DbOptions::new(sqlite_url(&dir.join("shop.db")));
    let ran = run("SQLite (synchronous=FULL)", &sqlite, seconds).await;
    std::fs::remove_dir_all(&dir).ok();
    ran?;

    let admin = match sea_orm::Database::connect(PG_ADMIN).await {
        Ok(admin) => admin,
        Err(err) => {
            println!("PostgreSQL not reachable at {PG_ADMIN} ({err}): skipped");
            return Ok(());
        }
    };
    let name = "shop_claims_bench";
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let server = PG_ADMIN
        .rsplit_once('/')
        .map_or(PG_ADMIN, |(server, _)| server);
    let ran = run(
        "PostgreSQL",
        &DbOptions::new(format!("{server}/{name}")),
        seconds,
    )
    .await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .ok();
    ran
}

/// How each claim reaches the database.
#[derive(Clone)]
enum Path {
    /// One write transaction per claim.
    Alone(DatabaseConnection),
    /// The coupon centre's queue: claims waiting on the template together.
    Queued(Arc<ClaimQueue>),
}

async fn run(label: &str, options: &DbOptions, seconds: u64) -> Result<(), BenchError> {
    let db = connect(options).await?;
    Migrator::up(&db, None).await?;
    let mut members = Vec::with_capacity(MEMBERS);
    for at in 0..MEMBERS {
        let refused = |err: String| BenchError::Member(err);
        let email =
            Email::parse(&format!("bench{at}@shop.test")).map_err(|e| refused(format!("{e:?}")))?;
        let name =
            DisplayName::parse(&format!("Bench {at}")).map_err(|e| refused(format!("{e:?}")))?;
        let id = MemberRepo(&db)
            .create(&email, &name, "x")
            .await
            .map_err(|e| refused(format!("{e:?}")))?;
        members.push(id);
    }
    let alone = Path::Alone(db.clone());
    measure(
        &format!("{label}, one transaction each"),
        &db,
        &members,
        alone,
        seconds,
    )
    .await?;
    let queued = Path::Queued(ClaimQueue::new(db.clone()));
    measure(&format!("{label}, queued"), &db, &members, queued, seconds).await
}

async fn measure(
    label: &str,
    db: &DatabaseConnection,
    members: &[i64],
    path: Path,
    seconds: u64,
) -> Result<(), BenchError> {
    let now = Utc::now();
    let template = CouponRepo(db)
        .create_template(
            NewTemplate {
                name: "bench",
                terms: CouponTerms {
                    threshold: 0,
                    benefit: Benefit::AmountOff(500),
                    scope: Scope::All,
                },
                claim_from: now - chrono::Duration::hours(1),
                claim_until: now + chrono::Duration::days(1),
                validity: Validity::DaysFromClaim(7),
                total_quantity: i32::MAX,
                per_member_limit: i32::MAX,
                new_members_only: false,
            },
            now,
        )
        .await?;
    let won = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for &member in members {
        let (path, won) = (path.clone(), won.clone());
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while Instant::now() < until {
                let at = Instant::now();
                if claim(&path, template, member).await {
                    won.fetch_add(1, Ordering::Relaxed);
                }
                mine.push(at.elapsed());
            }
            mine
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let won = won.load(Ordering::Relaxed);
    latencies.sort_unstable();
    let pct = |p: f64| {
        let at = (latencies.len() as f64 * p) as usize;
        latencies
            .get(at.min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };

    let counted = CouponRepo(db)
        .template(template)
        .await?
        .map_or(0, |t| t.claimed);
    let held = member_coupon::Entity::find()
        .filter(member_coupon::Column::TemplateId.eq(template))
        .count(db)
        .await?;
    println!(
        "{label}: {won} claims in {elapsed:.1} s = {:.0} claims/s at {MEMBERS} members; \
         p50 {:.2} ms, p99 {:.2} ms; count {counted}, coupons held {held}: {}",
        won as f64 / elapsed,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        if u64::try_from(counted).ok() == Some(held) && held == won {
            "exact"
        } else {
            "MISMATCH"
        }
    );
    Ok(())
}

async fn claim(path: &Path, template: i64, member: i64) -> bool {
    let db = match path {
        Path::Alone(db) => db,
        Path::Queued(queue) => return queue.claim(template, member).await.is_ok(),
    };
    let Ok(tx) = app::db::begin_write(db).await else {
        return false;
    };
    match CouponRepo(&tx).claim(template, member, Utc::now()).await {
        Ok(_) => tx.commit().await.is_ok(),
        Err(_) => false,
    }
}
