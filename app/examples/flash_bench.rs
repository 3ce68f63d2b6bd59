//! Flash-sale figures over HTTP, against a running shop (see
//! `bench/flash.sh`, which starts one and runs every step):
//!
//!     flash_bench prep      BASE DATABASE_URL TOKENS      members, sessions, a SKU
//!     flash_bench contended BASE DATABASE_URL TOKENS      2,000 attempts on 100 units, then
//!                                                         the sold-out phase
//!     flash_bench hot       BASE DATABASE_URL TOKENS      20,000 attempts on 10,000 units
//!     flash_bench ceiling   DATABASE_URL                  the database's own hot-row rate
//!
//! Attempts are real `POST /api/flash/buy` requests, each member with
//! their own session cookie, over keep-alive connections opened before the
//! sale starts. Latency is from writing a request to reading its answer.

use std::time::{Duration, Instant};

use app::auth::entity::session;
use app::auth::token::new_token;
use app::catalog::entity::sku;
use app::db::{DbOptions, begin_write, connect};
use app::flash_sales::entity::{flash_item, flash_session};
use app::flash_sales::model::{NewItem, NewSession};
use app::flash_sales::repo::FlashRepo;
use app::members::model::{AddressForm, DisplayName, Email};
use app::members::repo::MemberRepo;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, Statement,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const MEMBERS: usize = 2_000;

#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error(
        "usage: flash_bench prep|contended|hot BASE DATABASE_URL TOKENS, or flash_bench ceiling DATABASE_URL"
    )]
    Usage,
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("setting up: {0}")]
    Setup(String),
    #[error("a buyer stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(std::env::args().skip(1).collect()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("flash_bench: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Vec<String>) -> Result<(), BenchError> {
    let arg = |n: usize| args.get(n).cloned().ok_or(BenchError::Usage);
    match arg(0)?.as_str() {
        "ceiling" => ceiling(&open(&arg(1)?).await?).await,
        step => {
            let (base, db, tokens) = (arg(1)?, open(&arg(2)?).await?, arg(3)?);
            let addr = base
                .strip_prefix("http://")
                .ok_or(BenchError::Usage)?
                .to_owned();
            match step {
                "prep" => prep(&db, &tokens).await,
                "contended" => contended(&db, &addr, &read_tokens(&tokens)?).await,
                "hot" => hot(&db, &addr, &read_tokens(&tokens)?).await,
                _ => Err(BenchError::Usage),
            }
        }
    }
}

async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = DbOptions::new(url.to_owned());
    options.max_connections = 32;
    connect(&options).await
}

fn read_tokens(path: &str) -> Result<Vec<String>, BenchError> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .map(str::to_owned)
        .collect())
}

/// Members with an address and a live session each; their cookies'
/// tokens go to `out`, one a line.
async fn prep(db: &DatabaseConnection, out: &str) -> Result<(), BenchError> {
    let setup = |err: String| BenchError::Setup(err);
    let now = Utc::now();
    let tx = begin_write(db).await?;
    let mut tokens = Vec::with_capacity(MEMBERS);
    for n in 0..MEMBERS {
        let email =
            Email::parse(&format!("flash{n}@bench.test")).map_err(|e| setup(format!("{e:?}")))?;
        let name =
            DisplayName::parse(&format!("Buyer {n}")).map_err(|e| setup(format!("{e:?}")))?;
        let member = MemberRepo(&*tx)
            .create(&email, &name, "not a password hash")
            .await
            .map_err(|e| setup(e.to_string()))?;
        let address = AddressForm {
            recipient: format!("Buyer {n}"),
            phone: "13800000000".into(),
            region: "Shanghai".into(),
            city: "Shanghai".into(),
            district: "Pudong".into(),
            street: format!("{n} Bench Road"),
            postcode: String::new(),
        }
        .parse()
        .map_err(|e| setup(format!("{e:?}")))?;
        MemberRepo(&*tx)
            .add_address(member, &address)
            .await
            .map_err(|e| setup(e.to_string()))?;
        let (token, hash) = new_token();
        session::ActiveModel {
            token_hash: Set(hash),
            kind: Set("member".into()),
            subject_id: Set(member),
            remember: Set(true),
            created_at: Set(now),
            expires_at: Set(now + chrono::Duration::days(1)),
            last_seen_at: Set(Some(now)),
            ip: Set(None),
            user_agent: Set(None),
        }
        .insert(&*tx)
        .await?;
        tokens.push(token);
    }
    tx.commit().await?;
    std::fs::write(out, tokens.join("\n"))?;
    println!("{MEMBERS} members with an address and a session");
    Ok(())
}

/// A session starting in `lead` with one item of `units` of the first SKU.
async fn sale(
    db: &DatabaseConnection,
    units: i32,
    limit: i32,
    lead: Duration,
) -> Result<(i64, Instant), BenchError> {
    let sku = sku::Entity::find()
        .filter(sku::Column::Status.eq("active"))
        .order_by_asc(sku::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| BenchError::Setup("no SKU: load the demo data first".into()))?;
    sku::Entity::update_many()
        .col_expr(sku::Column::Stock, Expr::value(10_000_000))
        .filter(sku::Column::Id.eq(sku.id))
        .exec(db)
        .await?;
    let now = Utc::now();
    let starts = now + chrono::Duration::from_std(lead).unwrap_or_default();
    let new = NewSession {
        title: format!("Bench {units}"),
        starts_at: starts.timestamp_millis(),
        ends_at: (starts + chrono::Duration::hours(1)).timestamp_millis(),
        items: vec![NewItem {
            sku_id: sku.id,
            flash_price: Ord::max(sku.price / 2, 1),
            stock: units,
            per_member_limit: limit,
        }],
    };
    let tx = begin_write(db).await?;
    let session = FlashRepo(&*tx)
        .create_session(&new, now)
        .await
        .map_err(|e| BenchError::Setup(e.to_string()))?;
    tx.commit().await?;
    let item = flash_item::Entity::find()
        .filter(flash_item::Column::SessionId.eq(session))
        .one(db)
        .await?
        .ok_or_else(|| BenchError::Setup("the item was not written".into()))?;
    Ok((item.id, Instant::now() + lead))
}

/// One keep-alive connection to the shop.
struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    async fn open(addr: &str) -> std::io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream: BufReader::new(stream),
            host: addr.to_owned(),
        })
    }

    /// Buys one unit; answers the status.
    async fn buy(&mut self, item: i64, token: &str) -> std::io::Result<u16> {
        let body = format!("item_id={item}");
        let request = format!(
            "POST /api/flash/buy HTTP/1.1\r\nHost: {}\r\nCookie: sid={token}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line:?}")))?;
        let mut length = 0;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}

/// What one attempt got, and how long it took.
#[derive(Clone, Copy)]
struct Outcome {
    status: u16,
    micros: u64,
    at: Instant,
}

async fn attempt(conn: &mut Conn, item: i64, token: &str) -> Outcome {
    let started = Instant::now();
    let status = conn.buy(item, token).await.unwrap_or(0);
    Outcome {
        status,
        micros: started.elapsed().as_micros() as u64,
        at: Instant::now(),
    }
}

/// `attempts_each` attempts by each member, one connection each, all
/// starting at `start`.
async fn storm(
    addr: &str,
    tokens: &[String],
    item: i64,
    attempts_each: usize,
    start: Instant,
) -> Result<Vec<Outcome>, BenchError> {
    let mut conns = Vec::with_capacity(tokens.len());
    for _ in tokens {
        conns.push(Conn::open(addr).await?);
    }
    let mut tasks = Vec::with_capacity(tokens.len());
    for (mut conn, token) in conns.into_iter().zip(tokens.iter().cloned()) {
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(start.into()).await;
            let mut outcomes = Vec::with_capacity(attempts_each);
            for _ in 0..attempts_each {
                outcomes.push(attempt(&mut conn, item, &token).await);
            }
            outcomes
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await?);
    }
    Ok(all)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at] as f64 / 1000.0
}

fn latency(outcomes: &[Outcome], accepted: bool) -> String {
    let mut micros: Vec<u64> = outcomes
        .iter()
        .filter(|o| (o.status == 200) == accepted)
        .map(|o| o.micros)
        .collect();
    micros.sort_unstable();
    format!(
        "p50 {:.1} ms, p99 {:.1} ms",
        percentile(&micros, 0.5),
        percentile(&micros, 0.99)
    )
}

fn tally(outcomes: &[Outcome]) -> (usize, usize, usize, usize) {
    let accepted = outcomes.iter().filter(|o| o.status == 200).count();
    let too_fast = outcomes.iter().filter(|o| o.status == 429).count();
    let refused = outcomes
        .iter()
        .filter(|o| (400..500).contains(&o.status) && o.status != 429)
        .count();
    (
        accepted,
        refused,
        too_fast,
        outcomes.len() - accepted - refused - too_fast,
    )
}

/// Rows a purchase writes, counted in the tables: orders, their lines,
/// their first timeline step, their outbox event and the member's count.
async fn rows_in_tables(db: &DatabaseConnection) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items) \
             + (SELECT COUNT(*) FROM order_events) + (SELECT COUNT(*) FROM outbox) \
             + (SELECT COUNT(*) FROM flash_purchases) AS n",
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}

/// Updates of the flash items' rows: PostgreSQL's own counter (SQLite
/// keeps none). Backends report it when idle, so it is read after a
/// pause.
async fn item_row_updates(db: &DatabaseConnection) -> Result<Option<i64>, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(None);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT COALESCE(SUM(n_tup_upd), 0)::BIGINT AS n \
             FROM pg_stat_user_tables WHERE relname = 'flash_items'",
        ))
        .await?;
    row.map(|r| r.try_get::<i64>("", "n")).transpose()
}

/// The first sale: 1,000 members, 2,000 attempts at once on 100 units;
/// then the sold-out phase.
async fn contended(
    db: &DatabaseConnection,
    addr: &str,
    tokens: &[String],
) -> Result<(), BenchError> {
    let members = &tokens[..Ord::min(1_000, tokens.len())];
    let (item, start) = sale(db, 100, 1, Duration::from_secs(3)).await?;
    let (rows_before, updates_before) = (rows_in_tables(db).await?, item_row_updates(db).await?);
    let outcomes = storm(addr, members, item, 2, start).await?;
    let rows_after = rows_in_tables(db).await?;
    if updates_before.is_some() {
        // Idle backends report their counts within ten seconds.
        tokio::time::sleep(Duration::from_secs(11)).await;
    }
    let updates_after = item_row_updates(db).await?;
    let last = outcomes.iter().map(|o| o.at).max().unwrap_or(start);
    let seconds = last.duration_since(start).as_secs_f64();
    let (accepted, refused, too_fast, failed) = tally(&outcomes);
    let sold = flash_item::Entity::find_by_id(item)
        .one(db)
        .await?
        .map_or(0, |i| i.sold);
    println!(
        "contended: {} attempts by {} members in {:.3} s = {:.0} attempts/s",
        outcomes.len(),
        members.len(),
        seconds,
        outcomes.len() as f64 / seconds
    );
    println!(
        "  accepted {accepted} (item sold {sold}), refused {refused}, 429 {too_fast}, failed {failed}"
    );
    println!("  accepted: {}", latency(&outcomes, true));
    println!("  refused:  {}", latency(&outcomes, false));
    let per_unit = |n: i64| n as f64 / accepted.max(1) as f64;
    println!(
        "  rows inserted or upserted per accepted unit: {:.2}",
        per_unit(rows_after - rows_before)
    );
    if let (Some(before), Some(after)) = (updates_before, updates_after) {
        println!(
            "  updates of the item's row per accepted unit: {:.2} ({} in all)",
            per_unit(after - before),
            after - before
        );
    }
    sold_out(addr, tokens, item).await
}

/// Everyone keeps trying the sold-out item for five seconds.
async fn sold_out(addr: &str, tokens: &[String], item: i64) -> Result<(), BenchError> {
    const CONNECTIONS: usize = 64;
    let until = Instant::now() + Duration::from_secs(5);
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let mut conn = Conn::open(addr).await?;
        let tokens: Vec<String> = tokens
            .iter()
            .skip(c)
            .step_by(CONNECTIONS)
            .cloned()
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            let mut n = 0;
            while Instant::now() < until {
                outcomes.push(attempt(&mut conn, item, &tokens[n % tokens.len()]).await);
                n += 1;
            }
            outcomes
        }));
    }
    let started = Instant::now();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.extend(task.await?);
    }
    let seconds = started.elapsed().as_secs_f64();
    let (accepted, refused, too_fast, failed) = tally(&outcomes);
    println!(
        "sold out: {refused} refused in {seconds:.2} s = {:.0} refusals/s over {CONNECTIONS} connections; {}",
        refused as f64 / seconds,
        latency(&outcomes, false)
    );
    println!("  accepted {accepted} (must be 0), 429 {too_fast}, failed {failed}");
    Ok(())
}

/// 2,000 members, 10 attempts each, on 10,000 units.
async fn hot(db: &DatabaseConnection, addr: &str, tokens: &[String]) -> Result<(), BenchError> {
    let (item, start) = sale(db, 10_000, 10, Duration::from_secs(3)).await?;
    let updates_before = item_row_updates(db).await?;
    let outcomes = storm(addr, tokens, item, 10, start).await?;
    if updates_before.is_some() {
        tokio::time::sleep(Duration::from_secs(11)).await;
    }
    let updates_after = item_row_updates(db).await?;
    let (accepted, refused, too_fast, failed) = tally(&outcomes);
    let last_accepted = outcomes
        .iter()
        .filter(|o| o.status == 200)
        .map(|o| o.at)
        .max()
        .unwrap_or(start);
    let seconds = last_accepted.duration_since(start).as_secs_f64();
    let sold = flash_item::Entity::find_by_id(item)
        .one(db)
        .await?
        .map_or(0, |i| i.sold);
    println!(
        "hot SKU: {accepted} accepted in {seconds:.2} s = {:.0} orders/s ({} attempts by {} members)",
        accepted as f64 / seconds,
        outcomes.len(),
        tokens.len()
    );
    println!(
        "  item sold {sold}; refused {refused}, 429 {too_fast}, failed {failed}; accepted: {}",
        latency(&outcomes, true)
    );
    // Nobody reaches the limit here, so each update of the item's row is
    // one transaction taking units: a batch, or a single order.
    if let (Some(before), Some(after)) = (updates_before, updates_after) {
        let takes = after - before;
        println!(
            "  updates of the item's row: {takes}, {:.1} orders each",
            accepted as f64 / Ord::max(takes, 1) as f64
        );
    }
    Ok(())
}

/// The database's own rate of conditional updates of one row, each its
/// own transaction: one writer on SQLite (it has one), 32 on PostgreSQL.
async fn ceiling(db: &DatabaseConnection) -> Result<(), BenchError> {
    let now = Utc::now();
    let session = flash_session::ActiveModel {
        title: Set("Ceiling".into()),
        starts_at: Set(now),
        ends_at: Set(now + chrono::Duration::hours(1)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let sku_id = sku::Entity::find().one(db).await?.map_or(0, |s| s.id);
    let row = flash_item::ActiveModel {
        session_id: Set(session.id),
        sku_id: Set(sku_id),
        product_id: Set(0),
        flash_price: Set(1),
        stock: Set(i32::MAX),
        sold: Set(0),
        per_member_limit: Set(1),
        settled: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let writers = match db.get_database_backend() {
        DbBackend::Sqlite => 1,
        _ => 32,
    };
    let until = Instant::now() + Duration::from_secs(5);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..writers {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < until {
                let done = flash_item::Entity::update_many()
                    .col_expr(
                        flash_item::Column::Sold,
                        Expr::col(flash_item::Column::Sold).add(1),
                    )
                    .filter(flash_item::Column::Id.eq(row.id))
                    .filter(
                        Expr::col(flash_item::Column::Sold)
                            .add(1)
                            .lte(Expr::col(flash_item::Column::Stock)),
                    )
                    .exec(&db)
                    .await;
                if matches!(done, Ok(r) if r.rows_affected == 1) {
                    n += 1;
                }
            }
            n
        }));
    }
    let mut updates = 0;
    for task in tasks {
        updates += task.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let counted = flash_item::Entity::find_by_id(row.id)
        .one(db)
        .await?
        .map_or(0, |i| i.sold);
    println!(
        "ceiling: {updates} conditional updates of one row in {seconds:.2} s = {:.0}/s ({writers} writer(s), row says {counted})",
        updates as f64 / seconds
    );
    Ok(())
}
