//! YMCart shop API: the 20 methods of `../shared/spec/004…`, the YMCart
//! envelope, and (feature `sign`) the [`Ymcart`] client.
//!
//! The page does not say how the token is produced, nor the URL shape or
//! the encoding. skuwire's documented assumptions: the token is an opaque
//! credential sent as the `token` form field; the endpoint is a configurable
//! URL template containing `{method}` (without it, `/{method}` is appended);
//! the request is a form-encoded POST whose JSON parameters travel as JSON text.
//!
//! # The operations
//!
//! Names are exactly as the page writes them (`UpdateGoodsSaleMode` and
//! `UpdateGoodsRecRel` with a capital U). Pushes send their items as the JSON
//! text of one named form parameter: a list ([`BodyShape::JsonListParam`])
//! or, for updateGoodsRel / updateTopic / updateGoodsRec, one object
//! ([`BodyShape::JsonObjectParam`], one item per call). The four lists send
//! their item's fields as form parameters ([`BodyShape::Params`]).
//!
//! | method | param | per call | upsert | unique keys |
//! |---|---|---|---|---|
//! | skuRemove | `sku_res` | 200 (ours) | yes (delete) | `sku_codeno` |
//! | updateGoodsImage | `goods_res` | 200 | no (`is_append`) | `goods_id`, `codeno` |
//! | updateGoodsByAddSKU | `goods_sku_res` | 200 | no (adds) | — |
//! | updateGoodsByDelSaleProp | `goods_res` | 200 (ours) | yes (delete) | — |
//! | updateGoodsRel | `goods_rel_res` | 1 object | yes | — |
//! | editCategory | `category_res` | 200 | yes | `category_id` |
//! | UpdateGoodsSaleMode | `goods_sale_mode_res` | 200 (ours) | yes | `goods_id`, `codeno` |
//! | UpdateGoodsRecRel | `goods_rec_rel_res` | 200 (ours) | no (appends) | `goods_id`, `codeno` |
//! | updateTopic | `topic_res` | 1 object | yes | — |
//! | updateGoodsUserGroup | `goods_user_res` | 200 (ours) | no (adds) | `goods_id`, `codeno` |
//! | updateGoodsRec | `goods_rec` | 1 object | yes | — |
//! | goodsRemove | `goods_remove_res` | 200 | yes (delete) | `codeno`, `sku_codeno` |
//! | updateGoods | `goods_res` | 200 | yes | `goods_id`, `codeno`, SKU `codeno` |
//! | updateSkuQty | `sku_res` (+ `update_options`) | 200 | yes | `id`, `codeno`, `sku_code` |
//! | addGoods | `goods_res` | 50 (ours) | no (creates) | `codeno`, SKU `codeno` |
//! | addCategory | `category_res` | 200 | no (creates) | `name` |
//!
//! **Upsert** (resending a call whose answer was lost is harmless) is set
//! where the page's semantics are "set these values" on records named by
//! id/code, or a delete. A repeated delete changes nothing, but its answer
//! then reports the already-deleted items as not found (`codeno_404`,
//! `sku_codeno_404`): after a `Resend`, treat those as done. It is *not*
//! set where the page says add or append (追加, "add success!",
//! `is_append`) or creates (addGoods, addCategory, updateGoodsByAddSKU): a
//! lost answer there gets no `Resend`.
//!
//! **Limits**: 200 per call where the page says "最多200条" / "最多不超过200个"
//! (a hard limit). Where it only says "一次推送多条数据" (skuRemove,
//! updateGoodsByDelSaleProp, UpdateGoodsSaleMode, UpdateGoodsRecRel,
//! updateGoodsUserGroup) we use the same 200 — the platform's evident
//! per-call convention for items of the same size — with
//! `documented: false`: a default the caller may raise with `max_items`. addGoods is capped lower, at 50 (also
//! `documented: false`): each new goods makes the server download all its
//! images, so calls are slow, and addGoods cannot be resent after a
//! timeout — a smaller call leaves fewer goods in an unknown state.
//!
//! **Unique keys** are those where a twin in one input would overwrite the
//! first (updates), double-apply (adds, appends) or be reported as
//! not-found on its second delete, and where answers name items by that
//! key. A blank optional key (e.g. an addGoods `codeno` left empty) is no
//! key. Nested single objects (updateGoodsByAddSKU `sku_res.codeno`,
//! `single_res.codeno`, updateTopic `topic_id`) cannot be keyed across
//! items by the registry's key rule and are not checked across items.
//!
//! # Where the page contradicts itself, and what skuwire does
//!
//! * **Relative image names** (`"image1.jpg"`, `"image2.jgp"`) in the
//!   updateGoodsImage and updateGoodsByAddSKU examples, against addGoods'
//!   "图片格式必须是带有 http 的完整可以访问的地址": each method follows its own
//!   page. Those two pages never ask for full URLs and their examples send
//!   file names, so any non-empty name or URL is taken there; addGoods (and
//!   updateGoods and editCategory, whose examples are all full URLs) require
//!   full http(s) addresses.
//! * **Repeated SKUs** in the addGoods example (`Black_L` three times, code
//!   `API1000-3` four times) and the updateGoods example (`API1000-3` four
//!   times), against "SKU编号要严格填写并且唯一": a SKU `codeno` is unique
//!   across the whole input and a `spec_value_name` within a goods; both
//!   examples fail with `duplicate_key`.
//! * updateGoodsRel's example `"relation":"two"`, against "one或者不填 …
//!   mutual": only `one`/`mutual` (`enum`).
//! * updateTopic's `"status":"状态"` and updateGoodsRec's
//!   `"status":"商品推荐状态(0或1)"` are placeholders: status is 0/1
//!   (`int_type`).
//! * addCategory's example `{"name":""}`: a name is required; the page's own
//!   answer (`{"index":0,"msg":"insert_fail"}`) agrees.
//! * goodsRemove "codeno和sku_codeno … 只能同时传输" against an example with
//!   one per item: exactly one of the two (both would risk deleting a whole
//!   goods when a SKU was meant).
//! * updateGoods' field list is copied from addGoods ("如果不留空并且存在将不能添加成功",
//!   `spec_mode=2` in `sku_option1` but no `spec_res`): for updates `codeno`
//!   is an identifier, and the addGoods `spec_mode` 0/1/2 rules apply (DIY
//!   goods are updatable: `force_update_price`).
//! * The DIY `spec_res` PHP example nests `spec_add_volume` inside
//!   `spec_add_price` by a misplaced parenthesis; the field list gives the
//!   three as siblings inside `spec_res`, which is what is checked.
//! * UpdateGoodsSaleMode lists modes 0/1/2; presale (4) appears only for
//!   addGoods' `sale_mode_res` (and goodsList's answer): 4 is refused in
//!   UpdateGoodsSaleMode, accepted in addGoods.
//! * goodsRemove's error list says `code_404`, its answer `codeno_404`:
//!   messages are kept verbatim, so either reads the same.
//! * Counts that disagree with the `msg` list (see *Counts* below).
//!
//! # `update_options` (updateSkuQty)
//!
//! updateSkuQty takes a second, optional JSON parameter,
//! `update_options` (`{"update_listorder":1,"update_status":1}`). It is a
//! shop policy (what to do with the listing order and shelf status when a
//! SKU runs out), not a property of an item, so it is client
//! configuration: [`Ymcart::with_update_options`] validates it and every
//! updateSkuQty request that client builds carries it after `sku_res`.
//! Without it, the parameter is not sent (the platform's default applies).
//!
//! # Lists
//!
//! skuList and goodsList page with `page_no` from 1 and `page_size`
//! (defaults 500 and 50 on the page, sent when the caller gives none; no
//! maximum is documented, so a caller's larger page size is sent as asked,
//! up to the `INT` range); rows are in `data`, the total in `count`
//! (a string), rows are identified by `id`. brandList and categoryList take
//! no parameter but the token and answer everything at once: their schemas
//! document no `page_no`, which is how the query planner knows to send one
//! request without page parameters (their page sizes are unused).
//!
//! # Value rules chosen where the page gives no column sizes
//!
//! * **Money, weights, volumes** (`price`, `weight`, `volume`, `spec_add_*`):
//!   a JSON number or a decimal string, plain notation only (no exponent,
//!   `NaN`, `Infinity`, `+` or spaces), at most 15 digits before the point
//!   and 4 after, never rounded, not negative. Four places because every
//!   amount YMCart returns is printed with four (`"price":"9.0000"`,
//!   `"weight":"0.0800"`), i.e. the columns are `DECIMAL(…,4)`.
//! * **Stock** (`stock`, `num`): a whole number (`999`, `"999"`, `"999.0"`),
//!   at most 9 digits, and it *may* be negative: `skuList` itself reports
//!   `"stock_nums":"-20"` (oversold), so the platform stores negatives.
//! * **Discounts** (`discount`, `range_discount`): YMCart writes them in 折
//!   (`8` = 80 % of the price, `"discount":"10.0000"` = no discount), so a
//!   decimal from 0 to 10 with at most 4 places.
//! * **Ids** (`goods_id`, `category_id`, `rec_ids`…): a positive integer, as
//!   a number or a digit string (the page's examples use both). In the
//!   either-or identifier pairs an empty string means "not given", as in the
//!   page's own `updateGoodsUserGroup` example (`"goods_id":""`).
//! * **Codes** (`codeno`, `goods_codeno`, `sku_codeno`): a string, or an
//!   integer number (the `updateGoodsByDelSaleProp` example sends
//!   `"goods_codeno":2139792`); no length limit is documented, so none is
//!   imposed.
//! * **Images**: a full `http://`/`https://` address in addGoods (its note:
//!   "图片格式必须是带有 http 的完整可以访问的地址, 后台将会自动下载"), updateGoods and
//!   editCategory; in updateGoodsImage and updateGoodsByAddSKU, whose own
//!   examples send bare names, any non-empty name or URL.
//! * **Flags** (`status`, `is_append`, `is_diy_remark`…): `0` or `1`, as a
//!   number or a digit string.
//!
//! # Reading answers
//!
//! `code` ≠ 0 fails the whole call (every item rejected with `msg`, e.g.
//! `{"code":400,"msg":"data empty"}`). With `code` 0, failures come as
//! *entries* in `msg` and `error_msg`, which take every shape the page
//! shows:
//!
//! * a list of objects: `{"codeno":…,"msg":"codeno_404"}`,
//!   `{"codeno":null,"sku_codeno":"…","msg":"sku_codeno_404"}`,
//!   `{"index":0,"msg":"insert_fail"}`, `{"codeno":"LC79126-3","msg":"success"}`;
//! * a list of strings: `"164970 group VIP2 not exist!"` next to
//!   `"164970 group VIP1 add success!"`;
//! * one string (`"success"`), or `null`/`[]` (nothing failed).
//!
//! A listed entry whose message says *success* (and not *fail*/*not*/
//! *error*/`_404`/*null*…) confirms the items it names; any other listed
//! entry, and every `error_msg` entry, is a failure. The lone `msg` of an
//! answer whose `code` is 0 (`"success"`, `"ok"`) is a failure only when it
//! says so (`"topic not exist"`): `code` 0 is the platform's success. An
//! entry is tied to input positions by, in order: its `index` (a position
//! in the call); a key field (per method: `codeno`, `sku_codeno`,
//! `goods_id`, `category_id`, `name`…) equal to that field of items in the
//! batch — every item with that key; for a string, every item whose key
//! appears anywhere in the line as a whole token (addGoods lines name a
//! goods by name and code, updateGoodsUserGroup lines by id); and in a
//! one-item call, anything that names no other key is that item's.
//!
//! What the answer does not settle is `unknown`, never accepted:
//!
//! * when the answer lists per-item results (any success line in a list,
//!   as updateSkuQty's `{"codeno":…,"msg":"success"}`), an item it does not
//!   mention is unknown;
//! * when it lists failures only (the pages' "当msg不为空，表示有更新不成功的"),
//!   an item not listed is accepted — unless a failure names no item of
//!   the call (an `index` outside it, a line with no key of the call), in
//!   which case the unlisted items are unknown: a failed create is never
//!   reported done;
//! * a failure naming a key that was not sent is kept as
//!   `Rejected { index: None, … }` with a note, and changes nothing else.
//!
//! ## Counts
//!
//! `success_count` / `failure_count` / `failed_count` are advisory where
//! they contradict the lists (updateGoodsUserGroup's example reports
//! `failed_count: 0` next to two "not exist!" lines): a note is added.
//! They settle what the lists leave open: when `success_count` is 0 or
//! `failure_count`/`failed_count` covers the whole batch, every item not
//! already rejected is rejected; when a failure count exceeds the failures
//! listed, or a `success_count` is below the items not listed as failed,
//! some unlisted items failed but the answer does not say which, so they
//! are unknown.

mod parse;
mod schema;
#[cfg(feature = "sign")]
mod sign;

pub use parse::is_success_text;
#[cfg(feature = "sign")]
pub use sign::Ymcart;
pub use schema::{is_spec_value_name, parse_sku_option, MAX_SKU_OPTIONS, TOPIC_ORDER_FIELDS, UPDATE_OPTIONS};

use crate::descriptor::{CallParams, Descriptor, PageStyle};
use crate::registry::{BodyShape, Limits, OpKind, Operation, Paging, Platform, UniqueKey};
use crate::typed::RowType;

/// skuList: the page's default page size (缺省值 500), sent when the caller
/// gives none. It is not a maximum: the page documents none.
pub const SKU_LIST_PAGE_SIZE: u32 = 500;
/// goodsList: the page's default page size (缺省值 50), sent when the caller
/// gives none. It is not a maximum: the page documents none.
pub const GOODS_LIST_PAGE_SIZE: u32 = 50;
/// The largest page size skuList and goodsList take: their `page_size` is an
/// `INT` with no documented maximum, so the column's range.
pub const LIST_MAX_PAGE_SIZE: u32 = i32::MAX as u32;
/// Per-call limit where the page states none (see the module docs).
pub const DEFAULT_MAX_ITEMS: usize = 200;
/// addGoods per-call limit (see the module docs).
pub const ADD_GOODS_MAX_ITEMS: usize = 50;
/// `Paging::default_page_size`/`max_page_size` of a list that takes no
/// paging parameters. Unused: the planner sends one request because the
/// schema documents no `page_no`; 1 keeps the registry's size invariant.
pub const UNPAGED: u32 = 1;

/// Column types of skuList rows (page 004 "SKU列表" 返回值).
pub static SKU_ROW_TYPES: &[(&str, RowType)] = &[
    ("id", RowType::Int),
    ("goods_id", RowType::Int),
    ("store_id", RowType::Int),
    ("stock_nums", RowType::Int),
    ("status", RowType::Int),
    ("price", RowType::Decimal),
    ("market_price", RowType::Decimal),
    ("cost_price", RowType::Decimal),
    ("weight", RowType::Decimal),
    ("create_time", RowType::UnixSeconds),
    ("update_time", RowType::UnixSeconds),
    ("is_instock", RowType::Int),
];

/// Column types of goodsList rows (page 004 "商品列表" 返回值).
pub static GOODS_ROW_TYPES: &[(&str, RowType)] = &[
    ("id", RowType::Int),
    ("store_id", RowType::Int),
    ("brand_id", RowType::Int),
    ("goods_type_id", RowType::Int),
    ("category_id", RowType::Int),
    ("price", RowType::Decimal),
    ("cost_price", RowType::Decimal),
    ("market_price", RowType::Decimal),
    ("listorder", RowType::Int),
    ("status", RowType::Int),
    ("up_time", RowType::UnixSeconds),
    ("down_time", RowType::UnixSeconds),
    ("create_time", RowType::UnixSeconds),
    ("modify_time", RowType::UnixSeconds),
    ("visit_counts", RowType::Int),
    ("buy_counts", RowType::Int),
    ("wishlist_counts", RowType::Int),
    ("comment_counts", RowType::Int),
    ("comment_value", RowType::Decimal),
    ("stock_nums", RowType::Int),
    ("sale_mode", RowType::Int),
    ("spec_mode", RowType::Int),
    ("is_diy_remark", RowType::Int),
    ("weight", RowType::Decimal),
    ("start_time", RowType::UnixSeconds),
    ("end_time", RowType::UnixSeconds),
    ("is_free_shipping", RowType::Int),
    ("special_offer_id", RowType::Int),
    ("discount", RowType::Decimal),
    ("moq", RowType::Int),
    ("is_bookable", RowType::Int),
    ("b2b_status", RowType::Int),
    ("sku", RowType::Json),
];

/// Column types of brandList rows.
pub static BRAND_ROW_TYPES: &[(&str, RowType)] = &[("id", RowType::Int)];

/// Column types of categoryList rows (the numeric keys "0".."6" duplicate
/// the named columns and pass through untyped).
pub static CATEGORY_ROW_TYPES: &[(&str, RowType)] = &[("id", RowType::Int), ("parent_id", RowType::Int), ("listorder", RowType::Int)];

const SOURCE: &str = "004_5a79ec0d25504f7d.txt";

#[allow(clippy::too_many_arguments)] // one argument per Operation field
const fn push_op(
    name: &'static str,
    title_zh: &'static str,
    upsert: bool,
    item_name: &'static str,
    item: &'static crate::rules::Schema,
    unique_keys: &'static [UniqueKey],
    item_key: Option<&'static str>,
    limits: Limits,
    body: BodyShape,
    parse: Option<crate::registry::ParseFn>,
) -> Operation {
    Operation {
        name,
        platform: Platform::Ymcart,
        kind: OpKind::Push,
        title_zh,
        upsert,
        item_name,
        item,
        unique_keys,
        item_key,
        limits,
        body,
        parse,
        paging: None,
        source: SOURCE,
    }
}

const fn documented(max_items: usize) -> Limits {
    Limits { max_items, documented: true, max_body_bytes: None }
}

const fn ours(max_items: usize) -> Limits {
    Limits { max_items, documented: false, max_body_bytes: None }
}

const fn key(name: &'static str, fields: &'static [&'static str]) -> UniqueKey {
    UniqueKey { name, within: None, fields }
}

const GOODS_KEYS: &[UniqueKey] = &[key("goods_id", &["goods_id"]), key("codeno", &["codeno"])];
const SKU_CODENO_IN_MUTI: UniqueKey = UniqueKey { name: "muti_spec_res.codeno", within: Some("muti_spec_res"), fields: &["codeno"] };

/// The 20 YMCart operations, in the page's order.
pub static OPERATIONS: [Operation; 20] = [
    push_op("skuRemove", "删除SKU接口", true, "a SKU to delete: goods (goods_id or goods_codeno) and SKU (sku_codeno or sale_prop)",
        &schema::SKU_REMOVE, &[key("sku_codeno", &["sku_codeno"])], Some("sku_codeno"), ours(DEFAULT_MAX_ITEMS),
        BodyShape::JsonListParam("sku_res"), parser!(parse::parse_sku_remove)),
    push_op("updateGoodsImage", "商品相册更新", false, "a goods' default album and/or colour albums",
        &schema::UPDATE_GOODS_IMAGE, GOODS_KEYS, Some("goods_id"), documented(200),
        BodyShape::JsonListParam("goods_res"), parser!(parse::parse_goods)),
    push_op("updateGoodsByAddSKU", "追加SKU接口", false, "one SKU to add to a goods",
        &schema::ADD_SKU_ITEM, &[], Some("goods_id"), documented(200),
        BodyShape::JsonListParam("goods_sku_res"), parser!(parse::parse_goods)),
    push_op("updateGoodsByDelSaleProp", "删除属性规格", true, "option values to delete from a goods",
        &schema::DEL_SALE_PROP, &[], Some("goods_id"), ours(DEFAULT_MAX_ITEMS),
        BodyShape::JsonListParam("goods_res"), parser!(parse::parse_goods)),
    push_op("updateGoodsRel", "更新商品关联", true, "a main goods and its related goods (one per call)",
        &schema::UPDATE_GOODS_REL, &[], Some("goods_id"), documented(1),
        BodyShape::JsonObjectParam("goods_rel_res"), parser!(parse::parse_goods)),
    push_op("editCategory", "编辑分类", true, "a category to edit, by category_id",
        &schema::EDIT_CATEGORY, &[key("category_id", &["category_id"])], Some("category_id"), documented(200),
        BodyShape::JsonListParam("category_res"), parser!(parse::parse_edit_category)),
    push_op("UpdateGoodsSaleMode", "更新商品销售模式", true, "a goods' sale mode (0 normal, 1 special price, 2 wholesale)",
        &schema::UPDATE_SALE_MODE, GOODS_KEYS, Some("goods_id"), ours(DEFAULT_MAX_ITEMS),
        BodyShape::JsonListParam("goods_sale_mode_res"), parser!(parse::parse_goods)),
    push_op("UpdateGoodsRecRel", "更新商品推荐关联", false, "a goods' recommendations (appended, or replaced with clear_all)",
        &schema::UPDATE_REC_REL, GOODS_KEYS, Some("goods_id"), ours(DEFAULT_MAX_ITEMS),
        BodyShape::JsonListParam("goods_rec_rel_res"), parser!(parse::parse_goods)),
    push_op("updateTopic", "更新专题页", true, "a topic page and its tag goods (one per call)",
        &schema::UPDATE_TOPIC, &[], None, documented(1),
        BodyShape::JsonObjectParam("topic_res"), parser!(parse::parse_goods)),
    push_op("updateGoodsUserGroup", "更新商品会员组", false, "member groups to add to a goods",
        &schema::UPDATE_USER_GROUP, GOODS_KEYS, Some("goods_id"), ours(DEFAULT_MAX_ITEMS),
        BodyShape::JsonListParam("goods_user_res"), parser!(parse::parse_goods)),
    push_op("updateGoodsRec", "更新推荐商品", true, "a recommendation and its goods list (one per call)",
        &schema::UPDATE_GOODS_REC, &[], None, documented(1),
        BodyShape::JsonObjectParam("goods_rec"), parser!(parse::parse_goods)),
    Operation {
        name: "brandList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "品牌列表",
        upsert: true, // a read
        item_name: "no parameters (the token only)",
        item: &schema::NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: documented(1),
        body: BodyShape::Params,
        parse: parser!(parse::parse_list),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: UNPAGED,
            max_page_size: UNPAGED,
            max_page_size_documented: true,
            list_field: "data.list",
            total_field: None,
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: BRAND_ROW_TYPES,
        }),
        source: SOURCE,
    },
    Operation {
        name: "skuList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "SKU列表",
        upsert: true,
        item_name: "the query parameters",
        item: &schema::SKU_LIST,
        unique_keys: &[],
        item_key: None,
        limits: ours(SKU_LIST_PAGE_SIZE as usize),
        body: BodyShape::Params,
        parse: parser!(parse::parse_list),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: SKU_LIST_PAGE_SIZE,
            max_page_size: LIST_MAX_PAGE_SIZE,
            max_page_size_documented: false,
            list_field: "data",
            total_field: Some("count"),
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: SKU_ROW_TYPES,
        }),
        source: SOURCE,
    },
    push_op("goodsRemove", "删除商品", true, "a goods (codeno) or one SKU (sku_codeno) to delete",
        &schema::GOODS_REMOVE, &[key("codeno", &["codeno"]), key("sku_codeno", &["sku_codeno"])], Some("codeno"), documented(200),
        BodyShape::JsonListParam("goods_remove_res"), parser!(parse::parse_goods_remove)),
    push_op("updateGoods", "编辑商品", true, "a goods to update, by goods_id (preferred) or codeno",
        &schema::UPDATE_GOODS, &[key("goods_id", &["goods_id"]), key("codeno", &["codeno"]), SKU_CODENO_IN_MUTI], Some("codeno"), documented(200),
        BodyShape::JsonListParam("goods_res"), parser!(parse::parse_goods)),
    push_op("updateSkuQty", "更新库存/价格", true, "a SKU's stock (and price), by id, codeno or sku_code",
        &schema::UPDATE_SKU_QTY, &[key("id", &["id"]), key("codeno", &["codeno"]), key("sku_code", &["sku_code"])], Some("codeno"), documented(200),
        BodyShape::JsonListParam("sku_res"), parser!(parse::parse_sku_qty)),
    push_op("addGoods", "添加商品", false, "a new goods with its SKUs",
        &schema::ADD_GOODS, &[key("codeno", &["codeno"]), SKU_CODENO_IN_MUTI], Some("codeno"), ours(ADD_GOODS_MAX_ITEMS),
        BodyShape::JsonListParam("goods_res"), parser!(parse::parse_add_goods)),
    push_op("addCategory", "添加分类", false, "a category path to create",
        &schema::ADD_CATEGORY, &[key("name", &["name"])], Some("name"), documented(200),
        BodyShape::JsonListParam("category_res"), parser!(parse::parse_add_category)),
    Operation {
        name: "goodsList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "商品列表",
        upsert: true,
        item_name: "the query parameters",
        item: &schema::GOODS_LIST,
        unique_keys: &[],
        item_key: None,
        limits: ours(GOODS_LIST_PAGE_SIZE as usize),
        body: BodyShape::Params,
        parse: parser!(parse::parse_list),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: GOODS_LIST_PAGE_SIZE,
            max_page_size: LIST_MAX_PAGE_SIZE,
            max_page_size_documented: false,
            list_field: "data",
            total_field: Some("count"),
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: GOODS_ROW_TYPES,
        }),
        source: SOURCE,
    },
    Operation {
        name: "categoryList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "分类列表",
        upsert: true,
        item_name: "no parameters (the token only)",
        item: &schema::NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: documented(1),
        body: BodyShape::Params,
        parse: parser!(parse::parse_list),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: UNPAGED,
            max_page_size: UNPAGED,
            max_page_size_documented: true,
            list_field: "data",
            total_field: None,
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: CATEGORY_ROW_TYPES,
        }),
        source: SOURCE,
    },
];

/// YMCart as the engine sees it.
pub static DESCRIPTOR: Descriptor = Descriptor {
    platform: Platform::Ymcart,
    name: "ymcart",
    name_zh: "YMCart",
    operations: &OPERATIONS,
    call_params: CallParams::Named,
    call_params_error: ("an enterprise or YMCart call takes an object of parameters", "企业版/YMCart接口的参数应为对象"),
    paging: PageStyle::Params,
    parse_call: parser!(parse::parse_envelope_only),
    page_envelope: parser!(parse::envelope),
};

/// How YMCart requests are sent: a token in the form body, nothing signed.
#[cfg(feature = "sign")]
pub static SIGNING: crate::descriptor::Signing = crate::descriptor::Signing {
    secret_params: &["token"],
    body_param: None,
    string_to_sign: |_| String::new(),
};


#[cfg(test)]
mod tests;
