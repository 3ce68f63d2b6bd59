//! Group commit: write jobs that arrive together share one transaction.
//!
//! Every job waiting when the worker comes round goes into the next batch.
//! Each runs inside its own savepoint (unless its kind shares writes across
//! the batch, see [`Job::apply_batch`]), so a job that is refused (sold
//! out, a coupon gone) is undone alone and the others stand; the batch
//! then commits once. Each caller still gets its own answer, after the commit,
//! so no one is told "done" about a write that could still roll back.
//!
//! What a batch saves is per-transaction cost: on SQLite the hand-over of
//! the one write lock and the commit, on PostgreSQL the commit's WAL flush
//! and the round trips of BEGIN and COMMIT. A batch does not make any one
//! job's checks weaker: those are the job's own conditional updates.
//!
//! A job that failed for a reason that may be the batch's (a deadlock
//! with another app server's batch, say) is tried once more in a
//! transaction of its own, as it would have run without batching; so is
//! every job of a batch whose commit failed.

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use tokio::sync::{Mutex, mpsc, oneshot};

/// The most jobs one transaction takes: long enough to amortise the
/// commit, short enough that the first in a batch is not kept waiting.
pub const MAX_BATCH: usize = 64;

#[async_trait::async_trait]
pub trait Job: Sized + Send + Sync + 'static {
    type Done: Send + 'static;
    type Refused: From<DbErr> + Send + 'static;

    /// Does the job's writes in `tx`; a refusal rolls back this job only.
    /// May be called twice (see [`Job::retry_alone`]).
    async fn apply(&self, tx: &DatabaseTransaction) -> Result<Self::Done, Self::Refused>;

    /// Does a whole batch's writes in `tx`, answering each job in order.
    /// By default each job runs in its own savepoint; a kind of job whose
    /// writes can be shared by the batch (one multi-row insert for all)
    /// does better by its own. An error fails the batch: its jobs then
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

    /// Whether a refusal may be the batch's fault rather than the job's,
    /// so the job deserves a transaction of its own.
    fn retry_alone(refused: &Self::Refused) -> bool;
}

pub type Answer<J> = Result<<J as Job>::Done, <J as Job>::Refused>;

struct Waiting<J: Job> {
    job: J,
    answer: oneshot::Sender<Answer<J>>,
}

/// A queue of jobs of one kind and the workers that settle them.
pub struct GroupCommit<J: Job> {
    sender: mpsc::UnboundedSender<Waiting<J>>,
}

impl<J: Job> GroupCommit<J> {
    /// Starts `workers` workers, each writing its own batches. SQLite
    /// writes one transaction at a time, so one worker is all it can use.
    /// On PostgreSQL more workers overlap batches, but batches that lock
    /// the same rows in different orders can then deadlock (and wait for
    /// the deadlock timeout before one job retries alone).
    pub fn start(db: DatabaseConnection, workers: usize) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        let receiver = Arc::new(Mutex::new(receiver));
        for _ in 0..workers.max(1) {
            tokio::spawn(work(db.clone(), Arc::clone(&receiver)));
        }
        Self { sender }
    }

    /// Runs `job` in the next batch and answers once its batch is committed.
    pub async fn run(&self, job: J) -> Answer<J> {
        let (answer, answered) = oneshot::channel();
        self.sender
            .send(Waiting { job, answer })
            .map_err(|_| stopped())?;
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
    /// One worker per app server on either database: a batch holds the
    /// rows it changed until it commits, and two overlapping batches
    /// taking the same rows in another order would deadlock.
    pub fn batched(db: &DatabaseConnection) -> Self {
        Self::Batched(GroupCommit::start(db.clone(), 1))
    }

    /// Runs `job` and answers once its writes are committed.
    pub async fn write(&self, db: &DatabaseConnection, job: J) -> Answer<J> {
        match self {
            Self::Batched(queue) => queue.run(job).await,
            Self::Alone => by_itself(db, &job).await,
        }
    }
}

fn stopped() -> DbErr {
    DbErr::Custom("the group commit workers stopped".into())
}

async fn work<J: Job>(
    db: DatabaseConnection,
    receiver: Arc<Mutex<mpsc::UnboundedReceiver<Waiting<J>>>>,
) {
    loop {
        let mut batch = Vec::new();
        {
            // One worker gathers at a time, so batches do not split the
            // queue between them needlessly.
            let mut receiver = receiver.lock().await;
            let Some(first) = receiver.recv().await else {
                return;
            };
            batch.push(first);
            while batch.len() < MAX_BATCH {
                match receiver.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
        }
        // In a task of its own, so that a panic fails this batch's
        // callers (their answers are dropped) and not the queue.
        let db = db.clone();
        if let Err(err) = tokio::spawn(async move { settle(&db, batch).await }).await {
            tracing::error!(error = %err, "a group-commit batch panicked");
        }
    }
}

/// Runs a batch in one transaction, then answers everyone.
async fn settle<J: Job>(db: &DatabaseConnection, batch: Vec<Waiting<J>>) {
    let mut answered = Vec::with_capacity(batch.len());
    let mut alone = Vec::new();
    match together(db, &batch).await {
        Ok(outcomes) => {
            for (waiting, outcome) in batch.into_iter().zip(outcomes) {
                match outcome {
                    Err(refused) if J::retry_alone(&refused) => alone.push(waiting),
                    outcome => answered.push((waiting.answer, outcome)),
                }
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, jobs = batch.len(), "a batch failed; its jobs run one by one");
            alone = batch;
        }
    }
    for (answer, outcome) in answered {
        // A caller that stopped waiting (closed connection) needs no answer.
        let _ = answer.send(outcome);
    }
    for waiting in alone {
        let outcome = by_itself(db, &waiting.job).await;
        let _ = waiting.answer.send(outcome);
    }
}

/// The batch in one transaction. Answers each job's outcome once the
/// transaction is committed.
async fn together<J: Job>(
    db: &DatabaseConnection,
    batch: &[Waiting<J>],
) -> Result<Vec<Answer<J>>, DbErr> {
    let tx = crate::db::begin_write(db).await?;
    let jobs: Vec<&J> = batch.iter().map(|waiting| &waiting.job).collect();
    let outcomes = J::apply_batch(&tx, &jobs).await?;
    tx.commit().await?;
    Ok(outcomes)
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
