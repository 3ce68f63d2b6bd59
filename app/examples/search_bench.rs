//! How fast the product search is on a large catalog: builds an index of
//! generated products (100,000 unless a count is given), then times
//! searches and suggestions of the kinds shoppers type, and prints the
//! figures for BENCHMARKS.md.
//!
//!     cargo run --release -p app --features ssr --example search_bench [products]

use std::time::{Duration, Instant};

use app::search::SearchError;
use app::search::index::SearchIndex;
use app::search::source::SearchDoc;
use chrono::Utc;

const BRANDS: &[&str] = &[
    "Anker", "Aurora", "Baseus", "Bosch", "Casio", "Dyson", "Edifier", "Haier", "Huawei", "Lenovo",
    "Li-Ning", "Midea", "Nike", "Oppo", "Philips", "Sony", "Supor", "Uniqlo", "Vivo", "Xiaomi",
];
/// (Chinese kind, English kind, category path).
const KINDS: &[(&str, &str, &str)] = &[
    (
        "无线蓝牙耳机",
        "Wireless earbuds",
        "数码电子 Electronics 耳机 Earbuds",
    ),
    (
        "蓝牙音箱",
        "Bluetooth speaker",
        "数码电子 Electronics 音箱 Speakers",
    ),
    ("智能手机", "Smartphone", "数码电子 Electronics 手机 Phones"),
    (
        "手机保护壳",
        "Phone case",
        "数码电子 Electronics 手机壳 Phone cases",
    ),
    (
        "机械键盘",
        "Mechanical keyboard",
        "电脑办公 Computers 键盘 Keyboards",
    ),
    ("运动跑鞋", "Running shoes", "运动户外 Sports 跑鞋 Running"),
    ("纯棉T恤", "Cotton T-shirt", "服饰鞋包 Fashion T恤 T-shirts"),
    ("保温杯", "Vacuum flask", "家居生活 Home 杯子 Cups"),
    (
        "电饭煲",
        "Rice cooker",
        "家用电器 Appliances 厨房电器 Kitchen",
    ),
    (
        "空气净化器",
        "Air purifier",
        "家用电器 Appliances 环境电器 Air",
    ),
];
const SERIES: &[&str] = &["Pro", "Air", "Lite", "Max", "Neo", "Plus", "Mini", "Ultra"];
const COLOURS: &[&str] = &["Black", "White", "Red", "Blue", "Green", "Grey"];

fn catalog(count: usize) -> Vec<SearchDoc> {
    let now = Utc::now();
    (0..count)
        .map(|n| {
            let brand = BRANDS[n % BRANDS.len()];
            let (zh, en, category) = KINDS[(n / BRANDS.len()) % KINDS.len()];
            let series = SERIES[(n / 7) % SERIES.len()];
            let title = if n % 3 == 0 {
                format!("{brand} {en} {series} {}", n % 97)
            } else {
                format!("{brand} {zh} {series}{}", n % 97)
            };
            SearchDoc {
                id: n as i64 + 1,
                slug: format!("p-{n}"),
                title,
                brand: brand.to_owned(),
                category: category.to_owned(),
                detail: format!("{en} · {brand} {series} {}", COLOURS[n % COLOURS.len()]),
                listed: true,
                updated_at: now,
            }
        })
        .collect()
}

const QUERIES: &[&str] = &[
    "蓝牙耳机",
    "耳机",
    "无线蓝牙耳机 Pro",
    "蓝牙音箱",
    "智能手机",
    "手机壳",
    "机械键盘",
    "跑鞋",
    "保温杯",
    "电饭煲",
    "空气净化器",
    "sony",
    "xiaomi 耳机",
    "anker speaker",
    "wireless earbuds",
    "wireles earbuts",
    "smartphon",
    "keybord",
    "running shoes nike",
    "vacum flask",
    "huawei pro",
    "dyson air purifier",
    "baseus 手机壳 black",
    "uniqlo t-shirt",
    "midea 电饭煲 mini",
];
const PREFIXES: &[&str] = &[
    "蓝牙耳",
    "智能手",
    "wirel",
    "sony hea",
    "机械",
    "run",
    "xiaomi 空气净",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{label:<34} n={:<6} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
        times.len(),
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

fn main() -> Result<(), SearchError> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("search-bench-{}", std::process::id()));
    let docs = catalog(count);

    let started = Instant::now();
    let index = SearchIndex::open(&dir)?;
    index.replace_all(&docs)?;
    println!(
        "index of {} products built in {:.2} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );

    let rounds = 20;
    let mut search = Vec::new();
    let mut hits = 0;
    for _ in 0..rounds {
        for q in QUERIES {
            let t = Instant::now();
            hits += index.search(q, 1_000)?.ids.len();
            search.push(t.elapsed());
        }
    }
    let mut suggest = Vec::new();
    for _ in 0..rounds {
        for q in PREFIXES {
            let t = Instant::now();
            index.suggest(q, 8)?;
            suggest.push(t.elapsed());
        }
    }
    report("search (top 1,000 ids)", search);
    report("suggest (top 8 titles)", suggest);
    println!(
        "average hits per search: {}",
        hits / (rounds * QUERIES.len())
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
