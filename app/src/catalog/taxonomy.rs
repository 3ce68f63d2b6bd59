//! Categories and brands, held in memory whole: a shop has hundreds of
//! them, every page needs them (menu, breadcrumbs, facets), and they change
//! only when staff edit the catalog.

use std::collections::HashMap;

use super::entity::{brand, category};
use super::model::{CategoryLink, CategoryNode};

pub use super::model::MAX_DEPTH;

#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    categories: Vec<category::Model>,
    by_id: HashMap<i64, usize>,
    by_slug: HashMap<String, usize>,
    children: HashMap<Option<i64>, Vec<usize>>,
    brands: Vec<brand::Model>,
    brand_by_id: HashMap<i64, usize>,
    brand_by_slug: HashMap<String, usize>,
}

impl Taxonomy {
    pub fn new(mut categories: Vec<category::Model>, brands: Vec<brand::Model>) -> Self {
        categories.sort_by_key(|c| (c.position, c.id));
        let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
        for (at, c) in categories.iter().enumerate() {
            children.entry(c.parent_id).or_default().push(at);
        }
        Self {
            by_id: categories
                .iter()
                .enumerate()
                .map(|(at, c)| (c.id, at))
                .collect(),
            by_slug: categories
                .iter()
                .enumerate()
                .map(|(at, c)| (c.slug.clone(), at))
                .collect(),
            children,
            brand_by_id: brands
                .iter()
                .enumerate()
                .map(|(at, b)| (b.id, at))
                .collect(),
            brand_by_slug: brands
                .iter()
                .enumerate()
                .map(|(at, b)| (b.slug.clone(), at))
                .collect(),
            categories,
            brands,
        }
    }

    pub fn category(&self, id: i64) -> Option<&category::Model> {
        self.by_id.get(&id).map(|&at| &self.categories[at])
    }

    pub fn category_by_slug(&self, slug: &str) -> Option<&category::Model> {
        self.by_slug.get(slug).map(|&at| &self.categories[at])
    }

    /// The category and everything below it: a listing of a top category
    /// shows the products of all its leaves.
    pub fn subtree_ids(&self, id: i64) -> Vec<i64> {
        let mut ids = vec![id];
        let mut next = 0;
        // Bounded by the number of categories, for the same reason as `path`.
        while next < ids.len() && ids.len() <= self.categories.len() {
            if let Some(kids) = self.children.get(&Some(ids[next])) {
                ids.extend(kids.iter().map(|&at| self.categories[at].id));
            }
            next += 1;
        }
        ids
    }

    /// From the top category down to `id` itself.
    pub fn path(&self, id: i64) -> Vec<CategoryLink> {
        let mut path = Vec::new();
        let mut current = self.category(id);
        // Bounded: a cycle in bad data must not hang a request.
        while let Some(c) = current
            && path.len() <= MAX_DEPTH as usize
        {
            path.push(link(c));
            current = c.parent_id.and_then(|parent| self.category(parent));
        }
        path.reverse();
        path
    }

    /// The category's id and those of every category above it: what a
    /// promotion scoped to "this category and below" looks for.
    pub fn lineage(&self, id: i64) -> Vec<i64> {
        let mut ids = vec![id];
        let mut current = self.category(id);
        while let Some(parent) = current.and_then(|c| c.parent_id)
            && ids.len() <= MAX_DEPTH as usize
        {
            ids.push(parent);
            current = self.category(parent);
        }
        ids
    }

    /// The menu: every category under its parent, in order.
    pub fn tree(&self) -> Vec<CategoryNode> {
        self.nodes(None, 0)
    }

    fn nodes(&self, parent: Option<i64>, depth: usize) -> Vec<CategoryNode> {
        if depth >= MAX_DEPTH as usize {
            return Vec::new();
        }
        self.children
            .get(&parent)
            .map(|kids| {
                kids.iter()
                    .map(|&at| {
                        let c = &self.categories[at];
                        CategoryNode {
                            link: link(c),
                            children: self.nodes(Some(c.id), depth + 1),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn children_of(&self, id: i64) -> Vec<CategoryLink> {
        self.children
            .get(&Some(id))
            .map(|kids| kids.iter().map(|&at| link(&self.categories[at])).collect())
            .unwrap_or_default()
    }

    pub fn featured(&self) -> Vec<CategoryLink> {
        self.categories
            .iter()
            .filter(|c| c.featured)
            .map(link)
            .collect()
    }

    pub fn brand(&self, id: i64) -> Option<&brand::Model> {
        self.brand_by_id.get(&id).map(|&at| &self.brands[at])
    }

    pub fn brand_by_slug(&self, slug: &str) -> Option<&brand::Model> {
        self.brand_by_slug.get(slug).map(|&at| &self.brands[at])
    }

    pub fn categories(&self) -> &[category::Model] {
        &self.categories
    }
}

/// How pages link to a category.
pub fn link(c: &category::Model) -> CategoryLink {
    CategoryLink {
        slug: c.slug.clone(),
        name_zh: c.name_zh.clone(),
        name_en: c.name_en.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: i64, parent: Option<i64>, slug: &str, position: i32) -> category::Model {
        category::Model {
            id,
            parent_id: parent,
            slug: slug.into(),
            name_zh: slug.into(),
            name_en: slug.into(),
            depth: 1,
            position,
            featured: id == 2,
        }
    }

    fn taxonomy() -> Taxonomy {
        Taxonomy::new(
            vec![
                cat(1, None, "digital", 0),
                cat(2, Some(1), "audio", 1),
                cat(3, Some(1), "phones", 0),
                cat(4, Some(2), "earbuds", 0),
                cat(5, None, "home", 1),
            ],
            vec![],
        )
    }

    #[test]
    fn a_category_lists_the_products_of_everything_below_it() {
        let t = taxonomy();
        let mut ids = t.subtree_ids(1);
        ids.sort();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(t.subtree_ids(4), [4]);
    }

    #[test]
    fn breadcrumbs_run_from_the_top_down() {
        let slugs: Vec<_> = taxonomy().path(4).into_iter().map(|l| l.slug).collect();
        assert_eq!(slugs, ["digital", "audio", "earbuds"]);
    }

    #[test]
    fn a_lineage_runs_from_the_category_up() {
        assert_eq!(taxonomy().lineage(4), [4, 2, 1]);
        assert_eq!(taxonomy().lineage(5), [5]);
    }

    #[test]
    fn the_menu_keeps_the_merchants_order() {
        let tree = taxonomy().tree();
        let top: Vec<_> = tree.iter().map(|n| n.link.slug.as_str()).collect();
        assert_eq!(top, ["digital", "home"]);
        let under_digital: Vec<_> = tree[0]
            .children
            .iter()
            .map(|n| n.link.slug.as_str())
            .collect();
        assert_eq!(under_digital, ["phones", "audio"]);
        assert_eq!(tree[0].children[1].children[0].link.slug, "earbuds");
    }

    #[test]
    fn a_parent_cycle_in_bad_data_does_not_hang() {
        let t = Taxonomy::new(
            vec![cat(1, Some(2), "a", 0), cat(2, Some(1), "b", 0)],
            vec![],
        );
        assert!(t.path(1).len() <= MAX_DEPTH as usize + 1);
        assert!(t.tree().is_empty());
        assert!(t.subtree_ids(1).len() <= 3);
    }
}
