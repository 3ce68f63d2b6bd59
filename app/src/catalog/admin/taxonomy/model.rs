//! Categories and brands as the back office edits them, and the rules an
//! edit must pass: names and slugs shoppers will see in menus and URLs,
//! and a tree that stays at most three levels deep.

use serde::{Deserialize, Serialize};

use crate::catalog::model::MAX_DEPTH;

pub const MAX_SLUG: usize = 80;
pub const MAX_NAME: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCategory {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub depth: i16,
    pub position: i32,
    pub featured: bool,
    /// Products filed directly under this category, any status.
    pub products: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminBrand {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub products: u64,
}

/// The whole tree in menu order (each category after its parent, siblings
/// by position) and every brand by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminTaxonomy {
    pub categories: Vec<AdminCategory>,
    pub brands: Vec<AdminBrand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxonomyProblem {
    /// Lower-case letters, digits and single hyphens, 1 to 80 characters.
    Slug,
    SlugTaken,
    /// 1 to 60 characters once trimmed.
    Name,
    UnknownParent,
    /// The category (or its deepest descendant) would sit below level 3.
    TooDeep,
    /// A category cannot move under itself or one of its descendants.
    Cycle,
    /// Only an empty category (no sub-categories, no products) or a brand
    /// with no products can be deleted: products must never lose theirs.
    NotEmpty,
}

/// A slug as it will appear in `/c/{slug}`, or why it cannot.
pub fn check_slug(slug: &str) -> Result<String, TaxonomyProblem> {
    let slug = slug.trim();
    let valid = !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(slug.to_owned())
    } else {
        Err(TaxonomyProblem::Slug)
    }
}

pub fn check_name(name: &str) -> Result<String, TaxonomyProblem> {
    let name = name.trim();
    let length = name.chars().count();
    if (1..=MAX_NAME).contains(&length) && !name.chars().any(char::is_control) {
        Ok(name.to_owned())
    } else {
        Err(TaxonomyProblem::Name)
    }
}

/// A category as the tree rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: i16,
}

/// The depth `id` gets under `new_parent` (1 at the top), if the whole
/// subtree still fits in [`MAX_DEPTH`] levels and no cycle forms.
/// `id` is `None` for a category being created.
pub fn placement(
    nodes: &[Node],
    id: Option<i64>,
    new_parent: Option<i64>,
) -> Result<i16, TaxonomyProblem> {
    let Some(parent) = new_parent else {
        return fits(nodes, id, 1);
    };
    let parent = nodes
        .iter()
        .find(|n| n.id == parent)
        .ok_or(TaxonomyProblem::UnknownParent)?;
    if let Some(id) = id {
        // Walking up from the new parent must never meet the moved category.
        let mut current = Some(*parent);
        let mut steps = 0;
        while let Some(node) = current
            && steps <= nodes.len()
        {
            if node.id == id {
                return Err(TaxonomyProblem::Cycle);
            }
            current = node
                .parent_id
                .and_then(|p| nodes.iter().find(|n| n.id == p).copied());
            steps += 1;
        }
    }
    fits(nodes, id, parent.depth + 1)
}

fn fits(nodes: &[Node], id: Option<i64>, depth: i16) -> Result<i16, TaxonomyProblem> {
    let below = id.map_or(0, |id| height_below(nodes, id));
    if depth + below <= MAX_DEPTH {
        Ok(depth)
    } else {
        Err(TaxonomyProblem::TooDeep)
    }
}

/// How many levels hang below `id` (0 for a leaf).
fn height_below(nodes: &[Node], id: i64) -> i16 {
    let mut level = vec![id];
    let mut height = 0;
    while height <= MAX_DEPTH {
        level = nodes
            .iter()
            .filter(|n| n.parent_id.is_some_and(|p| level.contains(&p)))
            .map(|n| n.id)
            .collect();
        if level.is_empty() {
            break;
        }
        height += 1;
    }
    height
}

/// The new depth of every category below `id` once `id` sits at `depth`.
pub fn descendant_depths(nodes: &[Node], id: i64, depth: i16) -> Vec<(i64, i16)> {
    let mut found = Vec::new();
    let mut level = vec![id];
    let mut at = depth;
    while !level.is_empty() && at < MAX_DEPTH {
        at += 1;
        level = nodes
            .iter()
            .filter(|n| n.parent_id.is_some_and(|p| level.contains(&p)))
            .map(|n| n.id)
            .collect();
        found.extend(level.iter().map(|&id| (id, at)));
    }
    found
}

/// New positions for `siblings` (in their current order) after moving `id`
/// one place up or down; `None` when it is already at that end.
pub fn reorder(siblings: &[i64], id: i64, up: bool) -> Option<Vec<(i64, i32)>> {
    let at = siblings.iter().position(|&s| s == id)?;
    let to = if up { at.checked_sub(1)? } else { at + 1 };
    if to >= siblings.len() {
        return None;
    }
    let mut order = siblings.to_vec();
    order.swap(at, to);
    Some(
        order
            .into_iter()
            .enumerate()
            .map(|(position, id)| (id, i32::try_from(position).unwrap_or(i32::MAX)))
            .collect(),
    )
}

/// The tree flattened in menu order: each category right after its parent,
/// siblings by position.
pub fn menu_order(mut categories: Vec<AdminCategory>) -> Vec<AdminCategory> {
    categories.sort_by_key(|c| (c.position, c.id));
    let mut ordered = Vec::with_capacity(categories.len());
    push_children(&categories, None, &mut ordered, 0);
    ordered
}

fn push_children(
    all: &[AdminCategory],
    parent: Option<i64>,
    out: &mut Vec<AdminCategory>,
    depth: i16,
) {
    // Bounded: a cycle in bad data must not recurse forever.
    if depth >= MAX_DEPTH {
        return;
    }
    for c in all.iter().filter(|c| c.parent_id == parent) {
        out.push(c.clone());
        push_children(all, Some(c.id), out, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<Node> {
        // 1 ─ 2 ─ 3      4 ─ 5      6
        vec![
            Node {
                id: 1,
                parent_id: None,
                depth: 1,
            },
            Node {
                id: 2,
                parent_id: Some(1),
                depth: 2,
            },
            Node {
                id: 3,
                parent_id: Some(2),
                depth: 3,
            },
            Node {
                id: 4,
                parent_id: None,
                depth: 1,
            },
            Node {
                id: 5,
                parent_id: Some(4),
                depth: 2,
            },
            Node {
                id: 6,
                parent_id: None,
                depth: 1,
            },
        ]
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(check_slug(" phone-cases-2 "), Ok("phone-cases-2".into()));
        for bad in [
            "",
            "Phones",
            "phone cases",
            "-a",
            "a-",
            "a--b",
            "手机",
            &"a".repeat(81),
        ] {
            assert_eq!(check_slug(bad), Err(TaxonomyProblem::Slug), "{bad:?}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("  手机  "), Ok("手机".into()));
        assert_eq!(check_name("   "), Err(TaxonomyProblem::Name));
        assert_eq!(check_name(&"字".repeat(61)), Err(TaxonomyProblem::Name));
        assert_eq!(check_name("a\nb"), Err(TaxonomyProblem::Name));
    }

    #[test]
    fn a_new_category_goes_one_level_below_its_parent_down_to_level_three() {
        let nodes = tree();
        assert_eq!(placement(&nodes, None, None), Ok(1));
        assert_eq!(placement(&nodes, None, Some(2)), Ok(3));
        assert_eq!(
            placement(&nodes, None, Some(3)),
            Err(TaxonomyProblem::TooDeep)
        );
        assert_eq!(
            placement(&nodes, None, Some(99)),
            Err(TaxonomyProblem::UnknownParent)
        );
    }

    #[test]
    fn a_moved_category_takes_its_whole_subtree_along() {
        let nodes = tree();
        // 4 has one level below it: under 6 it ends at level 3, under 5's sibling 2 at 4.
        assert_eq!(placement(&nodes, Some(4), Some(6)), Ok(2));
        assert_eq!(
            placement(&nodes, Some(4), Some(2)),
            Err(TaxonomyProblem::TooDeep)
        );
        // 2 → top level is fine: 2 and 3 move up one level.
        assert_eq!(placement(&nodes, Some(2), None), Ok(1));
    }

    #[test]
    fn descendants_follow_a_moved_category() {
        let mut moved = descendant_depths(&tree(), 1, 1);
        moved.sort();
        assert_eq!(moved, [(2, 2), (3, 3)]);
        assert_eq!(descendant_depths(&tree(), 4, 2), [(5, 3)]);
        assert!(descendant_depths(&tree(), 6, 1).is_empty());
    }

    #[test]
    fn a_category_cannot_move_below_itself() {
        let nodes = tree();
        assert_eq!(
            placement(&nodes, Some(1), Some(3)),
            Err(TaxonomyProblem::Cycle)
        );
        assert_eq!(
            placement(&nodes, Some(2), Some(2)),
            Err(TaxonomyProblem::Cycle)
        );
    }

    #[test]
    fn reordering_swaps_with_the_neighbour_and_renumbers() {
        assert_eq!(
            reorder(&[10, 20, 30], 30, true),
            Some(vec![(10, 0), (30, 1), (20, 2)])
        );
        assert_eq!(
            reorder(&[10, 20, 30], 10, false),
            Some(vec![(20, 0), (10, 1), (30, 2)])
        );
        assert_eq!(reorder(&[10, 20, 30], 10, true), None);
        assert_eq!(reorder(&[10, 20, 30], 30, false), None);
        assert_eq!(reorder(&[10, 20, 30], 40, false), None);
    }

    #[test]
    fn the_menu_lists_each_category_after_its_parent() {
        let cat = |id, parent_id, position| AdminCategory {
            id,
            parent_id,
            position,
            slug: id.to_string(),
            name_zh: String::new(),
            name_en: String::new(),
            depth: 1,
            featured: false,
            products: 0,
        };
        let ordered = menu_order(vec![
            cat(3, Some(1), 1),
            cat(1, None, 1),
            cat(2, None, 0),
            cat(4, Some(1), 0),
        ]);
        let ids: Vec<i64> = ordered.iter().map(|c| c.id).collect();
        assert_eq!(ids, [2, 1, 4, 3]);
    }
}
