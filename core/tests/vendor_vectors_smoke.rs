use serde_json::json;
use skuwire::*;

#[test]
fn flagship_vendor_vector() {
    let c = Flagship::new("wdterp30", "czhc", "693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853", flagship::TEST_URL).unwrap();
    let b = Batch::call(Platform::Flagship, "wms.stockout.Sales.weighingExt", json!(["xc109393939393939","",1.2,0,false])).unwrap();
    let r = c.sign(&b, Some(232623153 + flagship::EPOCH_OFFSET)).unwrap();
    println!("{}", r.string_to_sign());
    println!("{}", r.url);
    assert_eq!(r.sign, "20f557aaf9190797c581bbceeb6d5a5c");
}

#[test]
fn enterprise_vendor_vector() {
    let c = Enterprise::new("test2", "test2-xx", "12345", enterprise::SANDBOX_URL).unwrap();
    let b = Batch::call(Platform::Enterprise, "vip_api_goods_query.php", json!({"page_no":"0","end_time":"2016-08-01 13:00:00","start_time":"2016-08-01 12:00:00","page_size":"40"})).unwrap();
    let r = c.sign(&b, Some(1470042310)).unwrap();
    println!("{}", r.string_to_sign());
    assert_eq!(r.sign, "ad4e6fe037ea6e3ba4768317be9d1309");
}
