//! Rows of the session and throttle tables.

pub mod session {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub kind: String,
        pub subject_id: i64,
        pub remember: bool,
        pub created_at: ChronoDateTimeUtc,
        pub expires_at: ChronoDateTimeUtc,
        /// The last request seen, to a minute (`SessionRepo::touch`): the
        /// idle limit counts from here. Empty only on rows older than it.
        pub last_seen_at: Option<ChronoDateTimeUtc>,
        pub ip: Option<String>,
        pub user_agent: Option<String>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod throttle {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_throttle")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub window_start: ChronoDateTimeUtc,
        pub failures: i32,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
