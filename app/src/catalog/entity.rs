//! Rows of the catalog tables (see the catalog migration for what each holds).

pub mod category {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "categories")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub parent_id: Option<i64>,
        pub slug: String,
        pub name_zh: String,
        pub name_en: String,
        pub depth: i16,
        pub position: i32,
        pub featured: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod brand {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "brands")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub slug: String,
        pub name: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod product {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "products")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub slug: String,
        pub category_id: i64,
        pub brand_id: Option<i64>,
        pub title: String,
        pub subtitle: String,
        pub description: String,
        pub status: String,
        pub sales_count: i64,
        pub price_min: i64,
        pub price_max: i64,
        pub in_stock: bool,
        pub rating_sum: i64,
        pub review_count: i32,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
        pub listed_at: Option<ChronoDateTimeUtc>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod image {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "product_images")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub product_id: i64,
        pub position: i32,
        pub path: String,
        pub alt: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attribute {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "product_attributes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub product_id: i64,
        pub position: i32,
        pub name: String,
        pub value: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod spec {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "product_specs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub product_id: i64,
        pub position: i32,
        pub name: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Written once and never renamed: a new name is a new value, with an id
/// of its own. Checkout keeps names by id in memory on that promise
/// (`catalog::spec_names`); renaming values would need it dropped there.
pub mod spec_value {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "spec_values")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub spec_id: i64,
        pub product_id: i64,
        pub position: i32,
        pub value: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod sku {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "skus")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub product_id: i64,
        pub code: String,
        pub spec_key: String,
        pub price: i64,
        pub original_price: Option<i64>,
        pub stock: i64,
        pub weight_grams: i32,
        pub status: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod review {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reviews")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub product_id: i64,
        pub member_id: Option<i64>,
        pub author_name: String,
        pub rating: i16,
        pub body: String,
        pub hidden: bool,
        pub created_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod favourite {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "favourites")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub member_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub product_id: i64,
        pub created_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod recently_viewed {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "recently_viewed")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub member_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub product_id: i64,
        pub viewed_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
