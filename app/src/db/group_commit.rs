//! Group commit: write jobs that arrive together share one transaction.
//!
//! Every job waiting when the worker comes round goes into the next
//! round's transaction, whatever its kind: an app server's adds to cart
//! and its checkouts share one write lane ([`WriteLane`]), so a round pays
//! one BEGIN and one COMMIT for both (on SQLite one turn at the write lock
//! and one fsync). Each kind writes its part of the round as it sees fit
//! ([`Job::apply_batch`]): by default each job in its own savepoint, so
//! that a job refused (sold out, a coupon gone) is undone alone and the
//! others stand. Each caller gets its own answer after the commit, so no
//! one is told "done" about a write that could still roll back.
//!
//! A batch does not make any one job's checks weaker: those are the job's
//! own conditional updates.
//!
//! A job that failed for a reason that may be the round's (a deadlock
//! with another app server's round, say) is tried once more in a
//! transaction of its own, as it would have run without batching; so is
//! every job of a round that failed or whose commit failed.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use tokio::sync::{Notify, oneshot};

/// The most jobs of one kind a round takes: enough to amortise the
/// commit, few enough that the first of them is not kept waiting.
pub const MAX_BATCH: usize = 64;

/// Metrics: jobs of each kind per committed round, and how long a round's
/// transaction was open (from its first statement to its commit).
pub const BATCH_JOBS: &str = "shop_write_batch_jobs";
pub const ROUND_SECONDS: &str = "shop_write_round_seconds";

#[async_trait::async_trait]
pub trait Job: Sized + Send + Sync + 'static {
    /// The `kind` label of this job's batches in the metrics.
    const KIND: &'static str;

    type Done: Send + 'static;
    type Refused: From<DbErr> + Send + 'static;

    /// Does the job's writes in `tx`; a refusal rolls back this job only.
    /// May be called twice (see [`Job::retry_alone`]).
    async fn apply(&self, tx: &DatabaseTransaction) -> Result<Self::Done, Self::Refused>;

    /// Does a batch's writes in `tx`, answering each job in order.
    /// By default each job runs in its own savepoint; a kind of job whose
    /// writes can be shared by the batch (one multi-row insert for all)
    /// does better by its own. An error fails the round: its jobs then
    /// run one by one.
    async fn apply_batch(
        tx: &DatabaseTransaction,
        jobs: &[&Self],
    ) -> Result<Vec<Answer<Self>>, DbErr> {
        let mut outcomes = Vec::with_capacity(jobs.len());
        for job in jobs {
            outcomes.push(in_savepoint(tx, *job).await?);
        }
        Ok(outcomes)
    }

    /// Whether a refusal may be the round's fault rather than the job's,
    /// so the job deserves a transaction of its own.
    fn retry_alone(refused: &Self::Refused) -> bool;
}

pub type Answer<J> = Result<<J as Job>::Done, <J as Job>::Refused>;

/// One app server's stream of batched write transactions, one at a time.
/// One at a time on either database: SQLite writes one transaction at a
/// time anyway, and on PostgreSQL two rounds of one server taking the
/// same rows in another order would deadlock.
#[derive(Clone)]
pub struct WriteLane(Arc<Lane>);

struct Lane {
    /// The kinds of jobs written here, in the order each round writes them.
    queues: Mutex<Vec<Arc<dyn Queue>>>,
    /// Rung when a job arrives; it keeps one ring for a worker that is busy.
    arrived: Notify,
}

impl WriteLane {
    /// Starts the lane's worker.
    pub fn start(db: DatabaseConnection) -> Self {
        let lane = Arc::new(Lane {
            queues: Mutex::new(Vec::new()),
            arrived: Notify::new(),
        });
        tokio::spawn(drive(db, Arc::clone(&lane)));
        Self(lane)
    }

    /// A queue for jobs of kind `J`, written by this lane after the kinds
    /// that joined it before.
    pub fn queue<J: Job>(&self) -> GroupCommit<J> {
        let queue = Arc::new(JobQueue::<J> {
            waiting: Mutex::new(VecDeque::new()),
        });
        lock(&self.0.queues).push(queue.clone());
        GroupCommit {
            queue,
            lane: self.clone(),
        }
    }
}

/// Where jobs of one kind wait for the lane's next round.
pub struct GroupCommit<J: Job> {
    queue: Arc<JobQueue<J>>,
    lane: WriteLane,
}

impl<J: Job> GroupCommit<J> {
    /// Runs `job` in the next round and answers once it is committed.
    pub async fn run(&self, job: J) -> Answer<J> {
        let (answer, answered) = oneshot::channel();
        lock(&self.queue.waiting).push_back(Waiting { job, answer });
        self.lane.0.arrived.notify_one();
        answered.await.map_err(|_| stopped())?
    }
}

/// How jobs of one kind reach the database.
pub enum Writer<J: Job> {
    /// Batched with the jobs of this app server arriving together.
    Batched(GroupCommit<J>),
    /// One transaction per job (tests of that path, benchmarks' baseline).
    Alone,
}

impl<J: Job> Writer<J> {
    /// Batched on a lane of its own.
    pub fn batched(db: &DatabaseConnection) -> Self {
        Self::on(&WriteLane::start(db.clone()))
    }

    /// Batched on `lane`, in the same rounds as the lane's other kinds.
    pub fn on(lane: &WriteLane) -> Self {
        Self::Batched(lane.queue())
    }

    /// Runs `job` and answers once its writes are committed.
    pub async fn write(&self, db: &DatabaseConnection, job: J) -> Answer<J> {
        match self {
            Self::Batched(queue) => queue.run(job).await,
            Self::Alone => by_itself(db, &job).await,
        }
    }
}

struct Waiting<J: Job> {
    job: J,
    answer: oneshot::Sender<Answer<J>>,
}

/// The jobs of one kind, as the lane sees them.
trait Queue: Send + Sync {
    /// The next batch of this kind, if any job waits.
    fn take(&self) -> Option<Box<dyn Part>>;
}

struct JobQueue<J: Job> {
    waiting: Mutex<VecDeque<Waiting<J>>>,
}

impl<J: Job> Queue for JobQueue<J> {
    fn take(&self) -> Option<Box<dyn Part>> {
        let mut waiting = lock(&self.waiting);
        if waiting.is_empty() {
            return None;
        }
        let taken = waiting.len().min(MAX_BATCH);
        Some(Box::new(Batch::<J> {
            waiting: waiting.drain(..taken).collect(),
            outcomes: Vec::new(),
        }))
    }
}

/// One kind's batch within a round.
#[async_trait::async_trait]
trait Part: Send {
    fn kind(&self) -> &'static str;
    fn jobs(&self) -> usize;
    /// Writes the batch in the round's transaction.
    async fn apply(&mut self, tx: &DatabaseTransaction) -> Result<(), DbErr>;
    /// Answers the jobs the round settled, once it committed (or failed);
    /// keeps those that must run alone.
    fn answer(&mut self, committed: bool);
    /// Runs the jobs kept, each in a transaction of its own.
    async fn run_alone(self: Box<Self>, db: &DatabaseConnection);
}

struct Batch<J: Job> {
    waiting: Vec<Waiting<J>>,
    outcomes: Vec<Answer<J>>,
}

#[async_trait::async_trait]
impl<J: Job> Part for Batch<J> {
    fn kind(&self) -> &'static str {
        J::KIND
    }

    fn jobs(&self) -> usize {
        self.waiting.len()
    }

    async fn apply(&mut self, tx: &DatabaseTransaction) -> Result<(), DbErr> {
        let jobs: Vec<&J> = self.waiting.iter().map(|waiting| &waiting.job).collect();
        self.outcomes = J::apply_batch(tx, &jobs).await?;
        Ok(())
    }

    fn answer(&mut self, committed: bool) {
        if !committed {
            return;
        }
        let settled = std::mem::take(&mut self.waiting)
            .into_iter()
            .zip(std::mem::take(&mut self.outcomes));
        for (waiting, outcome) in settled {
            match outcome {
                Err(refused) if J::retry_alone(&refused) => self.waiting.push(waiting),
                // A caller that stopped waiting (closed connection) needs no answer.
                outcome => drop(waiting.answer.send(outcome)),
            }
        }
    }

    async fn run_alone(self: Box<Self>, db: &DatabaseConnection) {
        for waiting in self.waiting {
            let outcome = by_itself(db, &waiting.job).await;
            let _ = waiting.answer.send(outcome);
        }
    }
}

fn stopped() -> DbErr {
    DbErr::Custom("the group commit worker stopped".into())
}

/// Std mutexes here are held for a push or a drain, never across an await.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The lane's worker: a round whenever jobs wait. It lives as long as the
/// runtime, as the server's writers do.
async fn drive(db: DatabaseConnection, lane: Arc<Lane>) {
    loop {
        let parts: Vec<Box<dyn Part>> = lock(&lane.queues)
            .iter()
            .filter_map(|queue| queue.take())
            .collect();
        if parts.is_empty() {
            // A job that arrived since the queues were looked at has left
            // its ring, so this returns at once.
            lane.arrived.notified().await;
            continue;
        }
        // In a task of its own, so that a panic fails this round's
        // callers (their answers are dropped) and not the lane.
        let db = db.clone();
        if let Err(err) = tokio::spawn(async move { round(&db, parts).await }).await {
            tracing::error!(error = %err, "a group-commit round panicked");
        }
    }
}

/// Writes a round in one transaction, then answers everyone.
async fn round(db: &DatabaseConnection, mut parts: Vec<Box<dyn Part>>) {
    let committed = match together(db, &mut parts).await {
        Ok(()) => true,
        Err(err) => {
            let jobs: usize = parts.iter().map(|part| part.jobs()).sum();
            tracing::warn!(error = %err, jobs, "a round failed; its jobs run one by one");
            false
        }
    };
    for part in &mut parts {
        part.answer(committed);
    }
    for part in parts {
        part.run_alone(db).await;
    }
}

async fn together(db: &DatabaseConnection, parts: &mut [Box<dyn Part>]) -> Result<(), DbErr> {
    let tx = crate::db::begin_write(db).await?;
    let began = Instant::now();
    for part in parts.iter_mut() {
        part.apply(&tx).await?;
    }
    tx.commit().await?;
    // On SQLite every other writer waits this long: the figures show
    // whether the one writer is what holds the shop back.
    metrics::histogram!(ROUND_SECONDS).record(began.elapsed().as_secs_f64());
    for part in parts.iter() {
        metrics::histogram!(BATCH_JOBS, "kind" => part.kind()).record(part.jobs() as f64);
    }
    Ok(())
}

/// Runs `job` in a savepoint of `tx`: a refusal undoes this job alone.
pub async fn in_savepoint<J: Job>(tx: &DatabaseTransaction, job: &J) -> Result<Answer<J>, DbErr> {
    let savepoint = tx.begin().await?;
    let outcome = job.apply(&savepoint).await;
    match outcome {
        Ok(_) => savepoint.commit().await?,
        Err(_) => savepoint.rollback().await?,
    }
    Ok(outcome)
}

async fn by_itself<J: Job>(db: &DatabaseConnection, job: &J) -> Answer<J> {
    let tx = crate::db::begin_write(db).await?;
    let done = job.apply(&tx).await?;
    tx.commit().await?;
    Ok(done)
}
