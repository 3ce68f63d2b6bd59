//! `/admin/categories` and `/admin/brands`: the tree shoppers browse and
//! the brands they filter by. Every form works without JavaScript too.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{
    DeleteBrand, DeleteCategory, ReorderCategory, SaveBrand, SaveCategory, get_admin_taxonomy,
};
use super::model::{AdminBrand, AdminCategory};
use crate::auth::permission::Permission;
use crate::catalog::model::MAX_DEPTH;
use crate::i18n::{t, t_string, use_i18n};
use crate::staff::pages::Section;
use crate::ui::ActionError;

const INPUT: &str = "rounded-lg border border-gray-300 px-3 py-2 text-sm";
const LABEL: &str = "flex flex-col gap-1 text-sm font-medium text-gray-700";
const BUTTON: &str =
    "rounded-md border border-gray-300 bg-white px-2 py-1 text-xs hover:border-rose-300";
const PRIMARY: &str = "rounded-lg bg-gray-900 px-4 py-2 text-sm text-white";

#[component]
pub fn AdminCategoriesPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <CategoryTree/>
        </Section>
    }
}

#[component]
fn CategoryTree() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("edit").and_then(|id| id.parse::<i64>().ok()));
    let save = ServerAction::<SaveCategory>::new();
    let reorder = ServerAction::<ReorderCategory>::new();
    let delete = ServerAction::<DeleteCategory>::new();
    let taxonomy = Resource::new(
        move || {
            (
                save.version().get(),
                reorder.version().get(),
                delete.version().get(),
            )
        },
        |_| get_admin_taxonomy(),
    );
    // A saved edit closes its form; a refused one stays open with the error.
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(_)) = save.value().get()
            && editing().is_some()
        {
            navigate("/admin/categories", Default::default());
        }
    });

    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, catalog_admin.categories)}</h1>
        <p class="mb-6 mt-1 max-w-2xl text-sm text-gray-600">{t!(i18n, catalog_admin.categories_blurb)}</p>
        <div class="mb-4 space-y-2">
            <ActionError action=save/>
            <ActionError action=reorder/>
            <ActionError action=delete/>
        </div>
        <Suspense>
            {move || Suspend::new(async move {
                taxonomy.await.map(|taxonomy| {
                    let categories = taxonomy.categories;
                    let edited = editing().and_then(|id| categories.iter().find(|c| c.id == id).cloned());
                    view! {
                        <CategoryForm save categories=categories.clone() editing=edited/>
                        <div class="mt-6 overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-left text-sm" data-testid="category-tree">
                                <thead class="border-b border-gray-200 text-gray-500">
                                    <tr>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, catalog_admin.name)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, catalog_admin.slug)}</th>
                                        <th class="px-4 py-3 text-right font-medium">{t!(i18n, admin.products)}</th>
                                        <th class="px-4 py-3 font-medium"></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {categories.iter().map(|c| {
                                        let has_children = categories.iter().any(|other| other.parent_id == Some(c.id));
                                        view! { <CategoryRow category=c.clone() deletable=!has_children && c.products == 0 reorder delete/> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn CategoryRow(
    category: AdminCategory,
    deletable: bool,
    reorder: ServerAction<ReorderCategory>,
    delete: ServerAction<DeleteCategory>,
) -> impl IntoView {
    let i18n = use_i18n();
    let indent = format!(
        "padding-left: {}rem",
        f32::from(category.depth - 1) * 1.5 + 1.0
    );
    let id = category.id;
    let move_button = move |direction: &'static str, label: &'static str| {
        view! {
            <ActionForm action=reorder attr:class="inline">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="direction" value=direction/>
                <button type="submit" class=BUTTON
                    aria-label=move || if direction == "up" { t_string!(i18n, catalog_admin.move_up) } else { t_string!(i18n, catalog_admin.move_down) }>
                    {label}
                </button>
            </ActionForm>
        }
    };
    view! {
        <tr class="border-b border-gray-100 last:border-0" data-category=category.slug.clone()>
            <td class="py-2 pr-4" style=indent>
                <span class="font-medium">{category.name_zh.clone()}</span>
                <span class="text-gray-500">" · " {category.name_en.clone()}</span>
                {category.featured.then(|| view! {
                    <span class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t!(i18n, catalog_admin.featured)}</span>
                })}
            </td>
            <td class="px-4 py-2">
                <a href=format!("/c/{}", category.slug) class="font-mono text-xs text-rose-700 hover:underline">{category.slug.clone()}</a>
            </td>
            <td class="px-4 py-2 text-right tabular-nums">{category.products}</td>
            <td class="px-4 py-2">
                <div class="flex justify-end gap-1">
                    {move_button("up", "↑")}
                    {move_button("down", "↓")}
                    <a href=format!("/admin/categories?edit={id}") class=BUTTON>{t!(i18n, catalog_admin.edit)}</a>
                    {deletable.then(|| view! {
                        <ActionForm action=delete attr:class="inline">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class=BUTTON>{t!(i18n, catalog_admin.delete)}</button>
                        </ActionForm>
                    })}
                </div>
            </td>
        </tr>
    }
}

/// Creates a category, or edits `editing` (names, slug, flag, parent).
#[component]
fn CategoryForm(
    save: ServerAction<SaveCategory>,
    categories: Vec<AdminCategory>,
    editing: Option<AdminCategory>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = editing.clone();
    let field =
        move |get: fn(&AdminCategory) -> String| current.as_ref().map(get).unwrap_or_default();
    let parent = editing.as_ref().and_then(|c| c.parent_id);
    let editing_id = editing.as_ref().map(|c| c.id);
    // A parent must leave room for a level below it.
    let parents: Vec<AdminCategory> = categories
        .into_iter()
        .filter(|c| c.depth < MAX_DEPTH && Some(c.id) != editing_id)
        .collect();
    let title = if editing.is_some() {
        t_string!(i18n, catalog_admin.edit_category)
    } else {
        t_string!(i18n, catalog_admin.new_category)
    };
    view! {
        <ActionForm action=save attr:class="rounded-2xl border border-gray-200 bg-white p-4" attr:data-testid="category-form">
            <h2 class="mb-3 font-semibold">{title}</h2>
            {editing_id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                <label class=LABEL>
                    {t!(i18n, catalog_admin.parent)}
                    <select name="parent" class=INPUT>
                        <option value="" selected=parent.is_none()>{t!(i18n, catalog_admin.top_level)}</option>
                        {parents.into_iter().map(|c| {
                            let label = format!("{}{} · {}", "— ".repeat(usize::try_from(c.depth - 1).unwrap_or(0)), c.name_zh, c.name_en);
                            view! { <option value=c.id selected=parent == Some(c.id)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class=LABEL>
                    {t!(i18n, catalog_admin.name_zh)}
                    <input name="name_zh" required maxlength="60" class=INPUT value=field(|c| c.name_zh.clone())/>
                </label>
                <label class=LABEL>
                    {t!(i18n, catalog_admin.name_en)}
                    <input name="name_en" required maxlength="60" class=INPUT value=field(|c| c.name_en.clone())/>
                </label>
                <label class=LABEL>
                    {t!(i18n, catalog_admin.slug)}
                    <input name="slug" required maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" class=INPUT
                        value=field(|c| c.slug.clone()) placeholder="phone-cases"/>
                </label>
                <label class="flex items-center gap-2 self-end pb-2 text-sm text-gray-700">
                    <input type="checkbox" name="featured" checked=editing.as_ref().is_some_and(|c| c.featured)/>
                    {t!(i18n, catalog_admin.featured_on_home)}
                </label>
            </div>
            <div class="mt-4 flex gap-3">
                <button type="submit" class=PRIMARY>{t!(i18n, catalog_admin.save)}</button>
                {editing.is_some().then(|| view! {
                    <a href="/admin/categories" class="px-2 py-2 text-sm text-gray-600 hover:text-rose-700">{t!(i18n, catalog_admin.cancel)}</a>
                })}
            </div>
        </ActionForm>
    }
}

#[component]
pub fn AdminBrandsPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <BrandList/>
        </Section>
    }
}

#[component]
fn BrandList() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveBrand>::new();
    let delete = ServerAction::<DeleteBrand>::new();
    let taxonomy = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| get_admin_taxonomy(),
    );
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, catalog_admin.brands)}</h1>
        <p class="mb-6 mt-1 max-w-2xl text-sm text-gray-600">{t!(i18n, catalog_admin.brands_blurb)}</p>
        <div class="mb-4 space-y-2">
            <ActionError action=save/>
            <ActionError action=delete/>
        </div>
        <ActionForm action=save attr:class="flex flex-wrap items-end gap-3 rounded-2xl border border-gray-200 bg-white p-4" attr:data-testid="brand-form">
            <label class=LABEL>
                {t!(i18n, catalog_admin.name)}
                <input name="name" required maxlength="60" class=INPUT/>
            </label>
            <label class=LABEL>
                {t!(i18n, catalog_admin.slug)}
                <input name="slug" required maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" class=INPUT placeholder="aurora"/>
            </label>
            <button type="submit" class=PRIMARY>{t!(i18n, catalog_admin.new_brand)}</button>
        </ActionForm>
        <Suspense>
            {move || Suspend::new(async move {
                taxonomy.await.map(|taxonomy| view! {
                    <div class="mt-6 overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                        <table class="w-full text-left text-sm" data-testid="brand-table">
                            <thead class="border-b border-gray-200 text-gray-500">
                                <tr>
                                    <th class="px-4 py-3 font-medium">{t!(i18n, catalog_admin.name)}</th>
                                    <th class="px-4 py-3 font-medium">{t!(i18n, catalog_admin.slug)}</th>
                                    <th class="px-4 py-3 text-right font-medium">{t!(i18n, admin.products)}</th>
                                    <th class="px-4 py-3 font-medium"></th>
                                </tr>
                            </thead>
                            <tbody>
                                {taxonomy.brands.into_iter().map(|brand| view! { <BrandRow brand save delete/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            })}
        </Suspense>
    }
}

/// A brand renamed in place: the row is its own form.
#[component]
fn BrandRow(
    brand: AdminBrand,
    save: ServerAction<SaveBrand>,
    delete: ServerAction<DeleteBrand>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("brand-{}", brand.id);
    view! {
        <tr class="border-b border-gray-100 last:border-0" data-brand=brand.slug.clone()>
            <td class="px-4 py-2">
                <input name="name" form=form.clone() required maxlength="60" class=INPUT value=brand.name.clone()
                    aria-label=format!("{} {}", t_string!(i18n, catalog_admin.name), brand.slug)/>
            </td>
            <td class="px-4 py-2">
                <input name="slug" form=form.clone() required maxlength="80" class=format!("{INPUT} font-mono") value=brand.slug.clone()
                    aria-label=format!("{} {}", t_string!(i18n, catalog_admin.slug), brand.slug)/>
            </td>
            <td class="px-4 py-2 text-right tabular-nums">{brand.products}</td>
            <td class="px-4 py-2">
                <div class="flex justify-end gap-1">
                    <ActionForm action=save attr:id=form attr:class="inline">
                        <input type="hidden" name="id" value=brand.id/>
                        <button type="submit" class=BUTTON>{t!(i18n, catalog_admin.save)}</button>
                    </ActionForm>
                    {(brand.products == 0).then(|| view! {
                        <ActionForm action=delete attr:class="inline">
                            <input type="hidden" name="id" value=brand.id/>
                            <button type="submit" class=BUTTON>{t!(i18n, catalog_admin.delete)}</button>
                        </ActionForm>
                    })}
                </div>
            </td>
        </tr>
    }
}
