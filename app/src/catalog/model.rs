//! The catalog's vocabulary, shared by the server and the browser: listing
//! filters as they appear in the URL, and what pages show.

use serde::{Deserialize, Serialize};

/// Products shown per listing page.
pub const PAGE_SIZE: u32 = 24;
/// The last page a listing may ask for: deeper pages are for crawlers, and
/// their OFFSET would cost more than they are worth.
pub const MAX_PAGE: u32 = 200;

/// The deepest a category may sit: top, sub and leaf.
pub const MAX_DEPTH: i16 = 3;

/// How a listing is ordered. `Relevance` is the search engine's order for a
/// search and best-selling first for a category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    BestSelling,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Newest,
        Sort::BestSelling,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
            Sort::BestSelling => "sales",
        }
    }

    pub fn parse(text: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.as_str() == text)
    }
}

/// Every filter, the order and the page of a category or search listing.
/// It lives in the URL (`?brand=…&spec=Colour:Black&min=100&sort=…`), so a
/// filtered page can be shared, bookmarked and rendered on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ListingQuery {
    /// The search words (`q`): on the search page only, empty elsewhere.
    pub text: String,
    /// Brand slugs: a product of any of them matches.
    pub brands: Vec<String>,
    /// Spec filters as (spec name, value): values of one spec are
    /// alternatives, different specs must all match.
    pub specs: Vec<(String, String)>,
    /// Lowest price in whole yuan, inclusive.
    pub min_yuan: Option<u32>,
    /// Highest price in whole yuan, inclusive.
    pub max_yuan: Option<u32>,
    pub in_stock: bool,
    pub sort: Sort,
    /// Zero-based.
    pub page: u32,
}

/// Longest filter value accepted from a URL; longer ones are ignored.
const MAX_VALUE_LEN: usize = 80;
/// Most values per filter accepted from a URL.
const MAX_VALUES: usize = 20;

impl ListingQuery {
    /// Reads a listing query from URL query pairs. Anything malformed is
    /// dropped rather than refused: a hand-edited URL still shows products.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = ListingQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            if key == "q" {
                // Words beyond the limit are cut, not refused: the shopper
                // still gets results for what they typed first.
                // Cut, then trimmed again: read back from its own URL, the
                // query must be the same (one URL, one cache entry).
                let cut: String = value.chars().take(MAX_VALUE_LEN).collect();
                query.text = cut.trim_end().to_owned();
                continue;
            }
            if value.is_empty() || value.chars().count() > MAX_VALUE_LEN {
                continue;
            }
            match key {
                "brand"
                    if query.brands.len() < MAX_VALUES
                        && !query.brands.iter().any(|b| b == value) =>
                {
                    query.brands.push(value.to_owned());
                }
                "spec" if query.specs.len() < MAX_VALUES => {
                    if let Some((name, val)) = value.split_once(':') {
                        let pair = (name.trim().to_owned(), val.trim().to_owned());
                        if !pair.0.is_empty() && !pair.1.is_empty() && !query.specs.contains(&pair)
                        {
                            query.specs.push(pair);
                        }
                    }
                }
                "min" => query.min_yuan = value.parse().ok(),
                "max" => query.max_yuan = value.parse().ok(),
                "stock" => query.in_stock = value == "1",
                "sort" => query.sort = Sort::parse(value).unwrap_or_default(),
                "page" => query.page = value.parse::<u32>().map_or(0, |p| p.saturating_sub(1)),
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (query.min_yuan, query.max_yuan)
            && min > max
        {
            query.min_yuan = Some(max);
            query.max_yuan = Some(min);
        }
        query.page = query.page.min(MAX_PAGE);
        query
    }

    /// The URL query string (without `?`) for this query, in a fixed order
    /// so that equal queries have equal URLs (and share cache entries).
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.text.is_empty() {
            out.append_pair("q", &self.text);
        }
        let mut brands = self.brands.clone();
        brands.sort();
        for brand in &brands {
            out.append_pair("brand", brand);
        }
        let mut specs = self.specs.clone();
        specs.sort();
        for (name, value) in &specs {
            out.append_pair("spec", &format!("{name}:{value}"));
        }
        if let Some(min) = self.min_yuan {
            out.append_pair("min", &min.to_string());
        }
        if let Some(max) = self.max_yuan {
            out.append_pair("max", &max.to_string());
        }
        if self.in_stock {
            out.append_pair("stock", "1");
        }
        if self.sort != Sort::Relevance {
            out.append_pair("sort", self.sort.as_str());
        }
        if self.page > 0 {
            out.append_pair("page", &(self.page + 1).to_string());
        }
        out.finish()
    }

    /// The same query in canonical form: sorted filters, as the cache keys it.
    pub fn normalised(&self) -> Self {
        let mut query = self.clone();
        query.brands.sort();
        query.specs.sort();
        query
    }

    /// A link to `path` with this query, e.g. `/c/phones?brand=acme`.
    pub fn href(&self, path: &str) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }

    /// This query with `brand` switched on or off, back on the first page.
    pub fn toggle_brand(&self, brand: &str) -> Self {
        let mut next = self.clone();
        next.page = 0;
        if let Some(at) = next.brands.iter().position(|b| b == brand) {
            next.brands.remove(at);
        } else {
            next.brands.push(brand.to_owned());
        }
        next
    }

    /// This query with one spec value switched on or off, back on the first page.
    pub fn toggle_spec(&self, name: &str, value: &str) -> Self {
        let mut next = self.clone();
        next.page = 0;
        let pair = (name.to_owned(), value.to_owned());
        if let Some(at) = next.specs.iter().position(|p| *p == pair) {
            next.specs.remove(at);
        } else {
            next.specs.push(pair);
        }
        next
    }

    pub fn toggle_in_stock(&self) -> Self {
        Self {
            in_stock: !self.in_stock,
            page: 0,
            ..self.clone()
        }
    }

    pub fn with_sort(&self, sort: Sort) -> Self {
        Self {
            sort,
            page: 0,
            ..self.clone()
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// Every filter off, order and page kept as they were.
    pub fn cleared(&self) -> Self {
        Self {
            text: self.text.clone(),
            sort: self.sort,
            ..Self::default()
        }
    }

    pub fn has_filters(&self) -> bool {
        !self.brands.is_empty()
            || !self.specs.is_empty()
            || self.min_yuan.is_some()
            || self.max_yuan.is_some()
            || self.in_stock
    }

    /// The price range in fen, as the repository filters on it.
    pub fn price_range_minor(&self) -> (Option<i64>, Option<i64>) {
        (
            self.min_yuan.map(|y| i64::from(y) * 100),
            // Up to the last fen of the highest yuan: "max 100" keeps ¥100.00.
            self.max_yuan.map(|y| i64::from(y) * 100 + 99),
        )
    }
}

/// A product as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub image: Option<String>,
    /// The lowest price of its SKUs, in fen.
    pub price: i64,
    pub in_stock: bool,
    pub sales_count: i64,
    pub rating: Rating,
}

/// A product's reviews in two numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub sum: i64,
    pub count: i32,
}

impl Rating {
    /// The average in tenths of a star (45 = 4.5), none without reviews.
    pub fn average_tenths(self) -> Option<i64> {
        (self.count > 0)
            .then(|| (self.sum * 10 + i64::from(self.count) / 2) / i64::from(self.count))
    }

    /// "4.5", or none without reviews.
    pub fn label(self) -> Option<String> {
        self.average_tenths()
            .map(|tenths| format!("{}.{}", tenths / 10, tenths % 10))
    }
}

/// One value of a facet with the number of products it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// What goes into the URL (a brand slug, a spec value).
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecFacet {
    pub name: String,
    pub values: Vec<FacetValue>,
}

/// What a listing can be narrowed by. Each facet counts products as if its
/// own selection were off, so choosing a second brand shows how many it adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub brands: Vec<FacetValue>,
    pub specs: Vec<SpecFacet>,
    /// Products that match the other filters and can be bought now.
    pub in_stock: u64,
}

/// One page of a listing with its facets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub products: Vec<ProductCard>,
    pub total: u64,
    pub facets: Facets,
}

impl Listing {
    pub fn page_count(&self) -> u32 {
        let pages = self.total.div_ceil(u64::from(PAGE_SIZE)).max(1);
        u32::try_from(pages).unwrap_or(u32::MAX).min(MAX_PAGE + 1)
    }
}

/// A category as menus and breadcrumbs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
}

impl CategoryLink {
    /// The name in the shopper's language.
    pub fn name(&self, chinese: bool) -> &str {
        if chinese {
            &self.name_zh
        } else {
            &self.name_en
        }
    }

    pub fn href(&self) -> String {
        format!("/c/{}", self.slug)
    }
}

/// A node of the category menu: a category with its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryNode {
    pub link: CategoryLink,
    pub children: Vec<CategoryNode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ListingQuery {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        ListingQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn a_query_survives_the_round_trip_through_its_url() {
        let query = parse(
            "brand=zeta&brand=acme&spec=Colour%3ABlack&min=100&max=500&stock=1&sort=price_desc&page=3",
        );
        assert_eq!(query.brands, ["zeta", "acme"]);
        assert_eq!(query.specs, [("Colour".to_owned(), "Black".to_owned())]);
        assert_eq!((query.min_yuan, query.max_yuan), (Some(100), Some(500)));
        assert!(query.in_stock);
        assert_eq!(query.sort, Sort::PriceDesc);
        assert_eq!(query.page, 2);
        assert_eq!(
            parse(&query.to_query_string()).normalised(),
            query.normalised()
        );
    }

    #[test]
    fn search_words_stay_in_the_url_when_filters_change_or_clear() {
        let query = parse("q=%E8%93%9D%E7%89%99+%E8%80%B3%E6%9C%BA&brand=acme");
        assert_eq!(query.text, "蓝牙 耳机");
        assert!(
            query
                .toggle_brand("zeta")
                .href("/search")
                .starts_with("/search?q=")
        );
        assert_eq!(
            query.cleared().href("/search"),
            "/search?q=%E8%93%9D%E7%89%99+%E8%80%B3%E6%9C%BA"
        );
        let long = "x".repeat(200);
        assert_eq!(parse(&format!("q={long}")).text.len(), 80);
        // Cut just after a space, the words read the same from their URL.
        let spaced = parse(&format!("q={}", "abc+".repeat(30)));
        assert_eq!(spaced.text.chars().count(), 79);
        assert_eq!(parse(&spaced.to_query_string()), spaced);
    }

    #[test]
    fn equal_filters_in_any_order_make_the_same_url() {
        let a = parse("brand=b&brand=a&spec=Size%3AM&spec=Colour%3ARed");
        let b = parse("spec=Colour%3ARed&brand=a&spec=Size%3AM&brand=b");
        assert_eq!(a.to_query_string(), b.to_query_string());
        assert_eq!(a.normalised(), b.normalised());
    }

    #[test]
    fn malformed_parameters_are_dropped_not_fatal() {
        let query = parse("min=abc&max=-5&sort=cheapest&page=zero&spec=nocolon&spec=%3Ax&brand=");
        assert_eq!(query, ListingQuery::default());
    }

    #[test]
    fn a_reversed_price_range_is_put_right() {
        let query = parse("min=500&max=100");
        assert_eq!((query.min_yuan, query.max_yuan), (Some(100), Some(500)));
        assert_eq!(query.price_range_minor(), (Some(10_000), Some(50_099)));
    }

    #[test]
    fn pages_beyond_the_limit_are_clamped() {
        assert_eq!(parse("page=999999").page, MAX_PAGE);
        assert_eq!(parse("page=0").page, 0);
        assert_eq!(parse("page=1").page, 0);
    }

    #[test]
    fn changing_a_filter_goes_back_to_the_first_page() {
        let query = parse("brand=acme&page=4");
        let toggled = query.toggle_brand("zeta");
        assert_eq!(toggled.page, 0);
        assert_eq!(toggled.brands, ["acme", "zeta"]);
        assert_eq!(toggled.toggle_brand("acme").brands, ["zeta"]);
        assert!(query.toggle_in_stock().in_stock);
        assert_eq!(query.with_page(7).page, 7);
        assert!(!query.cleared().has_filters());
    }

    #[test]
    fn average_rating_is_rounded_to_a_tenth() {
        assert_eq!(Rating { sum: 0, count: 0 }.label(), None);
        assert_eq!(Rating { sum: 9, count: 2 }.label().as_deref(), Some("4.5"));
        assert_eq!(Rating { sum: 14, count: 3 }.label().as_deref(), Some("4.7"));
        assert_eq!(Rating { sum: 5, count: 1 }.label().as_deref(), Some("5.0"));
    }

    #[test]
    fn page_count_covers_every_product() {
        let listing = |total| Listing {
            total,
            ..Listing::default()
        };
        assert_eq!(listing(0).page_count(), 1);
        assert_eq!(listing(24).page_count(), 1);
        assert_eq!(listing(25).page_count(), 2);
    }
}
