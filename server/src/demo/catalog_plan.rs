//! What the demo shop sells: a three-level category tree whose leaves say
//! what kind of product they hold, how it is priced and what specs it has.

/// A spec dimension and the values a product may pick from.
pub struct SpecPlan {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

pub const COLOUR: SpecPlan = SpecPlan {
    name: "Colour",
    values: &[
        "Black", "White", "Red", "Blue", "Green", "Grey", "Pink", "Navy",
    ],
};
const CLOTHES_SIZE: SpecPlan = SpecPlan {
    name: "Size",
    values: &["S", "M", "L", "XL"],
};
const SHOE_SIZE: SpecPlan = SpecPlan {
    name: "Size",
    values: &["38", "39", "40", "41", "42", "43", "44"],
};
const STORAGE: SpecPlan = SpecPlan {
    name: "Storage",
    values: &["128GB", "256GB", "512GB"],
};
const CAPACITY: SpecPlan = SpecPlan {
    name: "Capacity",
    values: &["350ml", "500ml", "750ml"],
};
const WEIGHT: SpecPlan = SpecPlan {
    name: "Weight",
    values: &["250g", "500g", "1kg"],
};

/// A leaf category and what its products look like.
pub struct Leaf {
    pub slug: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// The product kind, as it appears in titles.
    pub kind_zh: &'static str,
    pub kind_en: &'static str,
    /// Cheapest and dearest base price, in yuan.
    pub price: (i64, i64),
    /// The spec besides colour, if any.
    pub spec: Option<&'static SpecPlan>,
    pub colours: bool,
}

pub struct Sub {
    pub slug: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub leaves: &'static [Leaf],
}

pub struct Top {
    pub slug: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub subs: &'static [Sub],
}

const fn leaf(
    slug: &'static str,
    zh: &'static str,
    en: &'static str,
    kind: (&'static str, &'static str),
    price: (i64, i64),
    spec: Option<&'static SpecPlan>,
    colours: bool,
) -> Leaf {
    Leaf {
        slug,
        zh,
        en,
        kind_zh: kind.0,
        kind_en: kind.1,
        price,
        spec,
        colours,
    }
}

pub const TREE: &[Top] = &[
    Top {
        slug: "digital",
        zh: "数码电子",
        en: "Electronics",
        subs: &[
            Sub {
                slug: "phones",
                zh: "手机通讯",
                en: "Phones",
                leaves: &[
                    leaf(
                        "smartphones",
                        "智能手机",
                        "Smartphones",
                        ("智能手机", "Smartphone"),
                        (999, 6999),
                        Some(&STORAGE),
                        true,
                    ),
                    leaf(
                        "phone-cases",
                        "手机壳",
                        "Phone cases",
                        ("手机保护壳", "Phone case"),
                        (19, 129),
                        None,
                        true,
                    ),
                ],
            },
            Sub {
                slug: "audio",
                zh: "影音娱乐",
                en: "Audio",
                leaves: &[
                    leaf(
                        "earbuds",
                        "耳机",
                        "Earbuds",
                        ("无线蓝牙耳机", "Wireless earbuds"),
                        (99, 1999),
                        None,
                        true,
                    ),
                    leaf(
                        "speakers",
                        "音箱",
                        "Speakers",
                        ("蓝牙音箱", "Bluetooth speaker"),
                        (129, 2999),
                        None,
                        true,
                    ),
                ],
            },
            Sub {
                slug: "computers",
                zh: "电脑办公",
                en: "Computers",
                leaves: &[
                    leaf(
                        "laptops",
                        "笔记本电脑",
                        "Laptops",
                        ("轻薄笔记本电脑", "Laptop"),
                        (3499, 12999),
                        Some(&STORAGE),
                        true,
                    ),
                    leaf(
                        "keyboards",
                        "键盘",
                        "Keyboards",
                        ("机械键盘", "Mechanical keyboard"),
                        (149, 1299),
                        None,
                        true,
                    ),
                ],
            },
        ],
    },
    Top {
        slug: "fashion",
        zh: "服饰鞋包",
        en: "Fashion",
        subs: &[
            Sub {
                slug: "menswear",
                zh: "男装",
                en: "Menswear",
                leaves: &[
                    leaf(
                        "mens-tshirts",
                        "男士T恤",
                        "Men's T-shirts",
                        ("纯棉T恤", "Cotton T-shirt"),
                        (49, 299),
                        Some(&CLOTHES_SIZE),
                        true,
                    ),
                    leaf(
                        "mens-jackets",
                        "男士夹克",
                        "Men's jackets",
                        ("休闲夹克", "Casual jacket"),
                        (199, 1299),
                        Some(&CLOTHES_SIZE),
                        true,
                    ),
                ],
            },
            Sub {
                slug: "womenswear",
                zh: "女装",
                en: "Womenswear",
                leaves: &[
                    leaf(
                        "dresses",
                        "连衣裙",
                        "Dresses",
                        ("碎花连衣裙", "Floral dress"),
                        (129, 899),
                        Some(&CLOTHES_SIZE),
                        true,
                    ),
                    leaf(
                        "sweaters",
                        "毛衣",
                        "Sweaters",
                        ("羊毛针织衫", "Wool sweater"),
                        (159, 999),
                        Some(&CLOTHES_SIZE),
                        true,
                    ),
                ],
            },
            Sub {
                slug: "shoes",
                zh: "鞋靴",
                en: "Shoes",
                leaves: &[
                    leaf(
                        "sneakers",
                        "运动鞋",
                        "Sneakers",
                        ("缓震跑步鞋", "Running shoes"),
                        (199, 1499),
                        Some(&SHOE_SIZE),
                        true,
                    ),
                    leaf(
                        "boots",
                        "靴子",
                        "Boots",
                        ("真皮短靴", "Leather boots"),
                        (299, 1999),
                        Some(&SHOE_SIZE),
                        true,
                    ),
                ],
            },
        ],
    },
    Top {
        slug: "home",
        zh: "家居生活",
        en: "Home & Living",
        subs: &[
            Sub {
                slug: "kitchen",
                zh: "厨房用品",
                en: "Kitchen",
                leaves: &[
                    leaf(
                        "cookware",
                        "锅具",
                        "Cookware",
                        ("不粘炒锅", "Non-stick wok"),
                        (99, 999),
                        None,
                        true,
                    ),
                    leaf(
                        "bottles",
                        "水杯",
                        "Bottles",
                        ("保温杯", "Insulated bottle"),
                        (39, 299),
                        Some(&CAPACITY),
                        true,
                    ),
                ],
            },
            Sub {
                slug: "bedding",
                zh: "床上用品",
                en: "Bedding",
                leaves: &[
                    leaf(
                        "pillows",
                        "枕头",
                        "Pillows",
                        ("记忆棉枕头", "Memory foam pillow"),
                        (59, 499),
                        None,
                        true,
                    ),
                    leaf(
                        "blankets",
                        "毛毯",
                        "Blankets",
                        ("法兰绒毛毯", "Flannel blanket"),
                        (79, 599),
                        None,
                        true,
                    ),
                ],
            },
        ],
    },
    Top {
        slug: "beauty",
        zh: "美妆个护",
        en: "Beauty",
        subs: &[
            Sub {
                slug: "skincare",
                zh: "护肤",
                en: "Skincare",
                leaves: &[
                    leaf(
                        "moisturisers",
                        "面霜",
                        "Moisturisers",
                        ("保湿面霜", "Moisturising cream"),
                        (79, 899),
                        None,
                        false,
                    ),
                    leaf(
                        "cleansers",
                        "洁面",
                        "Cleansers",
                        ("氨基酸洗面奶", "Gentle cleanser"),
                        (39, 299),
                        None,
                        false,
                    ),
                ],
            },
            Sub {
                slug: "haircare",
                zh: "洗护发",
                en: "Hair care",
                leaves: &[
                    leaf(
                        "shampoo",
                        "洗发水",
                        "Shampoo",
                        ("控油洗发水", "Shampoo"),
                        (29, 199),
                        Some(&CAPACITY),
                        false,
                    ),
                    leaf(
                        "hair-dryers",
                        "吹风机",
                        "Hair dryers",
                        ("负离子吹风机", "Ionic hair dryer"),
                        (129, 2999),
                        None,
                        true,
                    ),
                ],
            },
        ],
    },
    Top {
        slug: "food",
        zh: "食品饮料",
        en: "Food & drink",
        subs: &[
            Sub {
                slug: "snacks",
                zh: "休闲零食",
                en: "Snacks",
                leaves: &[
                    leaf(
                        "nuts",
                        "坚果",
                        "Nuts",
                        ("每日坚果", "Mixed nuts"),
                        (29, 199),
                        Some(&WEIGHT),
                        false,
                    ),
                    leaf(
                        "biscuits",
                        "饼干",
                        "Biscuits",
                        ("黄油曲奇饼干", "Butter cookies"),
                        (15, 99),
                        Some(&WEIGHT),
                        false,
                    ),
                ],
            },
            Sub {
                slug: "drinks",
                zh: "饮料冲调",
                en: "Drinks",
                leaves: &[
                    leaf(
                        "tea",
                        "茶叶",
                        "Tea",
                        ("西湖龙井绿茶", "Longjing green tea"),
                        (49, 999),
                        Some(&WEIGHT),
                        false,
                    ),
                    leaf(
                        "coffee",
                        "咖啡",
                        "Coffee",
                        ("精品咖啡豆", "Coffee beans"),
                        (39, 399),
                        Some(&WEIGHT),
                        false,
                    ),
                ],
            },
        ],
    },
    Top {
        slug: "sports",
        zh: "运动户外",
        en: "Sports & outdoors",
        subs: &[
            Sub {
                slug: "fitness",
                zh: "健身训练",
                en: "Fitness",
                leaves: &[
                    leaf(
                        "yoga-mats",
                        "瑜伽垫",
                        "Yoga mats",
                        ("防滑瑜伽垫", "Non-slip yoga mat"),
                        (59, 399),
                        None,
                        true,
                    ),
                    leaf(
                        "dumbbells",
                        "哑铃",
                        "Dumbbells",
                        ("可调节哑铃", "Adjustable dumbbells"),
                        (99, 1299),
                        None,
                        false,
                    ),
                ],
            },
            Sub {
                slug: "outdoor",
                zh: "户外装备",
                en: "Outdoor",
                leaves: &[
                    leaf(
                        "tents",
                        "帐篷",
                        "Tents",
                        ("露营帐篷", "Camping tent"),
                        (199, 2999),
                        None,
                        true,
                    ),
                    leaf(
                        "backpacks",
                        "双肩包",
                        "Backpacks",
                        ("登山双肩包", "Hiking backpack"),
                        (99, 1299),
                        None,
                        true,
                    ),
                ],
            },
        ],
    },
];

pub const BRANDS: &[&str] = &[
    "Aurora", "Bamboo", "Cedar", "Dune", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kite", "Lumen", "Maple", "Nimbus", "Orchid", "Pebble", "Quill", "Ridge", "Sage", "Tide",
    "Umber", "Vale", "Willow", "Zephyr",
];

pub const SERIES: &[&str] = &[
    "Pro", "Air", "Lite", "Max", "Mini", "Plus", "S", "Neo", "Ultra", "Go",
];

pub const REVIEWERS: &[&str] = &[
    "小王", "Lily", "阿杰", "Tom", "晓雪", "Mia", "大伟", "Chen", "Anna", "老李", "Ben", "佳佳",
];

/// (rating, text) pairs reviewers pick from.
pub const REVIEW_TEXTS: &[(i16, &str)] = &[
    (5, "质量很好，物流也快，推荐购买！"),
    (5, "Exactly as described. Would buy again."),
    (4, "整体不错，包装有点简单。"),
    (4, "Good value for the price, shipping took a few days."),
    (3, "一般般，和图片有点差别。"),
    (3, "It's okay. Does the job."),
    (2, "做工一般，用了一周有点问题。"),
    (1, "Arrived damaged, returned it."),
    (5, "第二次购买了，家人都很喜欢。"),
    (4, "Nice quality, colour slightly darker than the photo."),
];
