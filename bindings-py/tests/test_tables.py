"""Tables as input (anything with ``__arrow_c_stream__``), nesting flat rows
into items (``nest=``), and lax mode (``lax=True``).

Every Arrow type the catalog's fields take is covered here, nested and
flat, strict and lax, with nulls in every column, dictionary-encoded
strings, chunked arrays and empty tables; polars, pandas and DuckDB hand
over the same rows as pyarrow and get the same batches."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest

import skuwire

from conftest import client_for

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")

PUSH = "goods.Goods.batchPush"
PROVIDER = "purchase.ProviderGoods.upload"
SPEC = "spec_list"


def bodies(plan: Any) -> List[bytes]:
    return [b.body_json() for b in plan]


def locs(errors: List[Dict[str, Any]]) -> List[Tuple[Tuple[Any, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in errors]


def sku_table(goods: int = 3, specs: int = 2, chunk: int = 0) -> Any:
    """Flat SKU rows, one per spec, with the Arrow types a database gives:
    strings (plain, large, view, dictionary-encoded), integers of several
    widths, booleans and decimal128 prices."""
    n = goods * specs
    gi = [i // specs for i in range(n)]
    cols: Dict[str, Any] = {
        "goods_no": pa.array([f"G{g}" for g in gi], pa.string()),
        "goods_name": pa.array([f"保温杯{g}" for g in gi], pa.large_string()),
        "brand_name": pa.array(["得力" if g % 2 else "晨光" for g in gi]).dictionary_encode(),
        "goods_type": pa.array([1] * n, pa.int8()),
        "auto_create_bc": pa.array([True] * n, pa.bool_()),
        "spec_list[].spec_no": pa.array([f"G{g}-{i % specs}" for i, g in enumerate(gi)], pa.string_view()),
        "spec_list[].barcode": pa.array([f"69{i:011d}" for i in range(n)], pa.string()),
        "spec_list[].retail_price": pa.array([Decimal("59.9") + i for i in range(n)], pa.decimal128(19, 4)),
        "spec_list[].weight": pa.array([Decimal("0.125")] * n, pa.decimal128(10, 3)),
        "spec_list[].validity_days": pa.array([365] * n, pa.int32()),
        "spec_list[].sales_days": pa.array([30] * n, pa.uint16()),
        "spec_list[].is_lower_cost": pa.array([i % 2 == 0 for i in range(n)], pa.bool_()),
        "spec_list[].spec_name": pa.array([f"红色/{i}" for i in range(n)]).dictionary_encode(),
    }
    table = pa.table(cols)
    if chunk:
        table = pa.Table.from_batches(table.to_batches(max_chunksize=chunk))
    return table


def expected_goods(goods: int = 3, specs: int = 2) -> List[Dict[str, Any]]:
    out = []
    for g in range(goods):
        out.append({
            "goods_no": f"G{g}", "goods_name": f"保温杯{g}", "brand_name": "得力" if g % 2 else "晨光",
            "goods_type": 1, "auto_create_bc": True,
            "spec_list": [{
                "spec_no": f"G{g}-{s}", "barcode": f"69{g * specs + s:011d}",
                "retail_price": Decimal("59.9") + g * specs + s, "weight": Decimal("0.125"),
                "validity_days": 365, "sales_days": 30, "is_lower_cost": (g * specs + s) % 2 == 0,
                "spec_name": f"红色/{g * specs + s}",
            } for s in range(specs)],
        })
    return out


def items_of(plan: Any) -> List[Dict[str, Any]]:
    return [item for batch in plan for item in batch.items]


def test_every_catalog_type_nests_into_goods_exactly() -> None:
    client = client_for("flagship")
    plan = client.plan(PUSH, sku_table(), nest=True)
    items = items_of(plan)
    assert items == expected_goods()
    # Decimals keep their exact text (scale 4: trailing zeros, never rounded).
    body = client.plan(PUSH, sku_table(), nest=True).__next__().body_json()
    assert b'"retail_price":59.9000' in body and b'"weight":0.125' in body
    assert skuwire.validate(PUSH, sku_table(), nest=True) == []


def test_chunked_tables_and_record_batch_readers_give_the_same_batches() -> None:
    client = client_for("flagship")
    whole = bodies(client.plan(PUSH, sku_table(goods=40, specs=3), nest=True))
    # Chunks of 4 rows cut goods in two across record batches.
    chunked = sku_table(goods=40, specs=3, chunk=4)
    assert chunked.column("goods_no").num_chunks > 1
    assert bodies(client.plan(PUSH, chunked, nest=True)) == whole
    reader = pa.RecordBatchReader.from_batches(chunked.schema, chunked.to_batches())
    assert bodies(client.plan(PUSH, reader, nest=True, on_invalid="skip")) == whole


def test_the_dict_path_nests_the_same_rows_the_same_way() -> None:
    client = client_for("flagship")
    table = sku_table(goods=7, specs=3)
    rows = table.to_pylist()
    assert bodies(client.plan(PUSH, rows, nest=True)) == bodies(client.plan(PUSH, table, nest=True))
    assert bodies(client.plan(PUSH, iter(rows), nest=True, on_invalid="skip")) == bodies(client.plan(PUSH, table, nest=True, on_invalid="skip"))


def test_bare_column_names_nest_into_the_documented_list() -> None:
    table = sku_table().rename_columns([c.replace("spec_list[].", "") for c in sku_table().column_names])
    client = client_for("flagship")
    assert items_of(client.plan(PUSH, table, nest=SPEC)) == expected_goods()
    # A name both levels document must be placed explicitly.
    with_remark = table.append_column("remark", pa.array(["x"] * table.num_rows))
    with pytest.raises(skuwire.SkuwireError, match="remark"):
        client.plan(PUSH, with_remark, nest=SPEC)
    spec_cols = [c for c in table.column_names if c not in ("goods_no", "goods_name", "brand_name", "goods_type", "auto_create_bc")]
    items = items_of(client.plan(PUSH, with_remark, nest={SPEC: spec_cols + ["remark"]}))
    assert all(s["remark"] == "x" for it in items for s in it[SPEC])


def test_nulls_in_every_column_are_not_given() -> None:
    table = sku_table(goods=2, specs=2)
    required = {"goods_no", "goods_name", "spec_list[].spec_no"}
    nulled = pa.table({
        name: col if name in required else pa.nulls(table.num_rows, col.type)
        for name, col in zip(table.column_names, table.columns)
    })
    items = items_of(client_for("flagship").plan(PUSH, nulled, nest=True))
    assert items == [
        {"goods_no": f"G{g}", "goods_name": f"保温杯{g}", SPEC: [{"spec_no": f"G{g}-{s}"} for s in range(2)]} for g in range(2)
    ]
    # A required column of nulls is missing, at each row it should come from.
    all_null = pa.table({name: pa.nulls(table.num_rows, col.type) for name, col in zip(table.column_names, table.columns)})
    errors = skuwire.validate(PUSH, all_null, nest=True)
    assert locs(errors) == [((0, "goods_no"), "missing"), ((0, "goods_name"), "missing"), ((0, SPEC), "missing")]


def test_a_decimal_with_more_than_four_places_is_refused_at_its_row() -> None:
    table = sku_table(goods=3, specs=2)
    prices = pa.array([Decimal("1.5"), Decimal("2.250000"), Decimal("3.12345"), Decimal("4"), Decimal("5.123400"), Decimal("6.1234567")], pa.decimal128(20, 7))
    table = table.set_column(table.column_names.index("spec_list[].retail_price"), "spec_list[].retail_price", prices)
    errors = skuwire.validate(PUSH, table, nest=True)
    # Trailing zeros do not count (2.2500000, 5.1234000); 3.12345 and 6.1234567 do.
    assert locs(errors) == [((2, SPEC, 0, "retail_price"), "decimal_max_places"), ((5, SPEC, 1, "retail_price"), "decimal_max_places")]
    assert errors[0]["input"] == Decimal("3.1234500")
    with pytest.raises(skuwire.ValidationError) as e:
        client_for("flagship").plan(PUSH, table, nest=True)
    assert locs(e.value.errors()) == locs(errors)
    plan = client_for("flagship").plan(PUSH, table, nest=True, on_invalid="skip")
    sent = items_of(plan)
    assert [g["goods_no"] for g in sent] == ["G0"]
    # Item indices stay goods positions; their errors point at rows.
    assert [(inv.index, locs(inv.errors)) for inv in plan.invalid] == [
        (1, [((2, SPEC, 0, "retail_price"), "decimal_max_places")]),
        (2, [((5, SPEC, 1, "retail_price"), "decimal_max_places")]),
    ]


def test_empty_tables_plan_nothing() -> None:
    empty = sku_table().slice(0, 0)
    assert skuwire.validate(PUSH, empty, nest=True) == []
    assert list(client_for("flagship").plan(PUSH, empty, nest=True)) == []
    assert list(client_for("flagship").plan(PUSH, empty, nest=True, on_invalid="skip")) == []
    no_batches = pa.Table.from_batches([], schema=empty.schema)
    assert skuwire.validate(PUSH, no_batches, nest=True) == []


def provider_table(**cols: Any) -> Any:
    base = {"provider_no": pa.array(["P1", "P1", "P1"]), "spec_no": pa.array(["S1", "S2", "S3"])}
    base.update(cols)
    return pa.table(base)


def test_flat_tables_float_and_integer_columns_strict_and_lax() -> None:
    # Flat rows: each row is one item. A float column (NaN where the
    # database had no value) and an integer barcode column.
    table = provider_table(
        price=pa.array([1.25, math.nan, 0.1 + 0.2]),
        purchase_cycle_day=pa.array([3.0, None, 2.5]),
        provider_goods_no=pa.array([6901234567890, None, 42], pa.int64()),
        spec_no=pa.array([1001.0, 1002.0, 1003.0]),
    )
    strict = skuwire.validate(PROVIDER, table)
    assert locs(strict) == [
        ((0, "spec_no"), "string_type"), ((0, "purchase_cycle_day"), "int_type"), ((0, "provider_goods_no"), "string_type"),
        ((1, "spec_no"), "string_type"), ((1, "price"), "decimal_not_finite"),
        ((2, "spec_no"), "string_type"), ((2, "price"), "decimal_max_places"), ((2, "purchase_cycle_day"), "int_type"), ((2, "provider_goods_no"), "string_type"),
    ]
    lax = skuwire.validate(PROVIDER, table, lax=True)
    # 0.1 + 0.2 keeps its 17 digits (a float's value, never rounded); 2.5 days is no integer.
    assert locs(lax) == [((2, "price"), "decimal_max_places"), ((2, "purchase_cycle_day"), "int_type")]
    assert lax[0]["input"] == Decimal("0.30000000000000004")
    plan = client_for("flagship").plan(PROVIDER, table.slice(0, 2), lax=True)
    assert items_of(plan) == [
        {"provider_no": "P1", "spec_no": "1001", "price": Decimal("1.25"), "purchase_cycle_day": 3, "provider_goods_no": "6901234567890"},
        {"provider_no": "P1", "spec_no": "1002"},
    ]


def test_timestamps_and_dates_in_beijing_time() -> None:
    client = client_for("ymcart")
    utc = dt.timezone.utc
    table = pa.table({
        "codeno": ["A", "B", "C", "D"],
        "base_name": ["杯", "杯", "杯", "杯"],
        "status": pa.array([1, 1, 1, 1], pa.int8()),
        # Instants with a zone are converted; naive ones are Beijing time already.
        "create_time": pa.array([dt.datetime(2024, 1, 1, 16, 0, tzinfo=utc), None, dt.datetime(2024, 1, 1, 23, 30, tzinfo=utc), dt.datetime(2024, 1, 1, 0, 0, 0, 500, tzinfo=utc)], pa.timestamp("us", tz="UTC")),
    })
    errors = skuwire.validate("updateGoods", table)
    # The fraction is reported, never truncated.
    assert locs(errors) == [((3, "create_time"), "datetime_parsing")]
    plan = client.plan("updateGoods", table.slice(0, 3))
    assert [i.get("create_time") for i in items_of(plan)] == ["2024-01-02 00:00:00", None, "2024-01-02 07:30:00"]
    naive = table.slice(0, 1).set_column(3, "create_time", pa.array([dt.datetime(2024, 1, 1, 16, 0)], pa.timestamp("s")))
    assert items_of(client.plan("updateGoods", naive))[0]["create_time"] == "2024-01-01 16:00:00"
    sale = pa.table({
        "codeno": ["A"], "sale_mode": pa.array([1], pa.int32()), "discount": pa.array([Decimal("8.5")], pa.decimal128(5, 2)),
        "start_time": pa.array([dt.date(2024, 5, 1)], pa.date32()), "end_time": pa.array([dt.date(2024, 5, 31)], pa.date64()),
    })
    assert items_of(client.plan("UpdateGoodsSaleMode", sale)) == [
        {"codeno": "A", "sale_mode": 1, "discount": Decimal("8.50"), "start_time": "2024-05-01", "end_time": "2024-05-31"}
    ]


def test_types_with_no_json_form_are_refused_by_name() -> None:
    table = provider_table(remark=pa.array([b"x", None, b"y"], pa.binary()))
    assert locs(skuwire.validate(PROVIDER, table)) == [((0, "remark"), "unsupported_type"), ((2, "remark"), "unsupported_type")]


def test_nested_arrow_values_struct_and_list_columns() -> None:
    # Goods already nested in the table: a list<struct> column.
    specs = pa.array([[{"spec_no": "S1", "retail_price": Decimal("1.5")}], [{"spec_no": "S2", "retail_price": None}]], pa.list_(pa.struct([("spec_no", pa.string()), ("retail_price", pa.decimal128(19, 2))])))
    table = pa.table({"goods_no": ["G1", "G2"], "goods_name": ["A", "B"], "spec_list": specs})
    assert items_of(client_for("flagship").plan(PUSH, table)) == [
        {"goods_no": "G1", "goods_name": "A", "spec_list": [{"spec_no": "S1", "retail_price": Decimal("1.50")}]},
        {"goods_no": "G2", "goods_name": "B", "spec_list": [{"spec_no": "S2"}]},
    ]


def test_polars_pandas_and_duckdb_front_doors_give_the_same_batches() -> None:
    client = client_for("flagship")
    table = sku_table(goods=30, specs=4)
    # Dictionary-encoded columns are plain strings in the other libraries.
    plain = pa.table({n: (c.cast(pa.string()) if pa.types.is_dictionary(c.type) or c.type == pa.string_view() else c) for n, c in zip(table.column_names, table.columns)})
    want = bodies(client.plan(PUSH, table, nest=True))
    assert bodies(client.plan(PUSH, plain, nest=True)) == want
    polars_df = pl.from_arrow(plain)
    assert bodies(client.plan(PUSH, polars_df, nest=True)) == want
    pandas_arrow = plain.to_pandas(types_mapper=pd.ArrowDtype)
    assert bodies(client.plan(PUSH, pandas_arrow, nest=True)) == want
    # A pandas frame of NumPy columns, as read_csv gives: Decimal objects
    # become decimal128, strings stay strings.
    pandas_numpy = pd.DataFrame(plain.to_pylist())
    assert bodies(client.plan(PUSH, pandas_numpy, nest=True)) == want
    con = duckdb.connect()
    con.register("skus", plain)
    # (DuckDB keeps the rows' order for a plain scan.)
    result = con.sql("SELECT * FROM skus")
    assert bodies(client.plan(PUSH, result, nest=True)) == want


def test_pandas_missing_values_in_lax_mode() -> None:
    df = pd.DataFrame({
        "provider_no": ["P1", "P1", "P1"],
        "spec_no": ["S1", "S2", "S3"],
        # An integer column with gaps: pandas makes it float.
        "purchase_cycle_day": [3, None, 7],
        "price": [Decimal("1.50"), float("nan"), pd.NA],
        "remark": ["a", None, pd.NaT],
    })
    # The dict path and the table path agree, strict and lax.
    rows = df.to_dict("records")
    strict_types = sorted(e["type"] for e in skuwire.validate(PROVIDER, rows))
    assert "int_type" in strict_types and "decimal_not_finite" in strict_types
    assert skuwire.validate(PROVIDER, rows, lax=True) == []
    items = items_of(client_for("flagship").plan(PROVIDER, rows, lax=True))
    assert items == [
        {"provider_no": "P1", "spec_no": "S1", "purchase_cycle_day": 3, "price": Decimal("1.50"), "remark": "a"},
        {"provider_no": "P1", "spec_no": "S2"},
        {"provider_no": "P1", "spec_no": "S3", "purchase_cycle_day": 7},
    ]


def test_keyed_nesting_and_row_conflicts_from_dicts() -> None:
    rows = [
        {"goods_no": "G1", "goods_name": "杯", "spec_no": "S1"},
        {"goods_no": "G1", "goods_name": None, "spec_no": "S2"},
        {"goods_no": "G1", "goods_name": "碗", "spec_no": "S3"},
        {"goods_no": "G2", "goods_name": "锅", "spec_no": "S4", "retail_price": {1, 2}},
    ]
    errors = skuwire.validate(PUSH, rows, nest=SPEC, nest_key="goods_no")
    assert locs(errors) == [((2, "goods_name"), "row_conflict"), ((3, SPEC, 0, "retail_price"), "unsupported_type")]
    # The record shows the Python value itself, located at its row.
    assert errors[1]["input"] == {1, 2}
    plan = client_for("flagship").plan(PUSH, iter(rows), nest=SPEC, nest_key=["goods_no"], on_invalid="skip")
    assert items_of(plan) == []
    assert [(i.index, locs(i.errors)) for i in plan.invalid] == [
        (0, [((2, "goods_name"), "row_conflict")]),
        (1, [((3, SPEC, 0, "retail_price"), "unsupported_type")]),
    ]
    assert plan.invalid[1].errors[0]["input"] == {1, 2}


def test_nest_options_are_checked() -> None:
    for bad in [{"nest": 3}, {"nest_key": "goods_no"}, {"nest": {SPEC: 3}}, {"nest": "goods_name"}]:
        with pytest.raises(skuwire.SkuwireError):
            skuwire.validate(PUSH, [{"goods_no": "G"}], **bad)
    with pytest.raises(skuwire.SkuwireError, match="overlap"):
        skuwire.validate(PUSH, [{"a": 1, "a.b": 2}], nest=True)
    # No nesting asked: column names are field names as they are.
    assert locs(skuwire.validate(PUSH, pa.table({"goods_no": ["G"], "goods_name": ["A"], "spec_list[].spec_no": ["S"]}))) == [((0, SPEC), "missing")]


def test_a_table_push_lands_in_the_sandbox_and_resumes_from_its_journal(tmp_path: Any) -> None:
    """A table all the way to the shop: nested rows pushed under a rate
    limit, the sandbox's records are exactly the table's goods and specs,
    and the same push with its journal sends nothing again."""
    from skuwire.sandbox import Sandbox

    table = sku_table(goods=120, specs=3, chunk=50)
    journal = tmp_path / "push.jsonl"
    with Sandbox() as sb:
        client = skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=sb.flagship_url)
        sb.inject("rate_limit", times=1)
        report = client.push(PUSH, table, nest=True, max_items=25, concurrency=3, journal=journal,
                             backoff_base=0.02, backoff_cap=0.1)
        assert (report.items, report.accepted, report.rejected, report.invalid, report.unknown) == (120, list(range(120)), [], [], [])
        assert report.calls == 6 and report.retries["backoff"] == 1
        snap = sb.snapshot()
        assert sorted(g["goods_no"] for g in snap["goods"]) == sorted(f"G{g}" for g in range(120))
        specs = {s["spec_no"]: s for s in snap["specs"]}
        assert sorted(specs) == sorted(f"G{g}-{s}" for g in range(120) for s in range(3))
        want = expected_goods(120, 3)
        for g in want:
            for spec in g["spec_list"]:
                stored = specs[spec["spec_no"]]
                assert stored["goods_no"] == g["goods_no"]
                assert Decimal(str(stored["doc"]["retail_price"])) == spec["retail_price"]
        sent = sb.request_count()
        again = client.push(PUSH, table, nest=True, max_items=25, concurrency=3, journal=journal)
        assert again.accepted == list(range(120)) and sb.request_count() == sent


def test_a_lax_dataframe_push_leaves_out_a_bad_goods_by_its_row() -> None:
    """pandas rows pushed in lax mode: the goods with a price of too many
    places is left out (located at its table row), the others land."""
    from skuwire.sandbox import Sandbox

    df = pd.DataFrame({
        "goods_no": ["G1", "G1", "G2", "G3"],
        "goods_name": ["保温杯", "保温杯", "茶杯", "水壶"],
        "spec_no": ["G1-RED", "G1-BLUE", "G2-1", "G3-1"],
        "barcode": [6901234567890, None, 6901234567892, 6901234567893],
        "retail_price": [59.9, 59.9, 12.345678, 30.0],
    })
    with Sandbox() as sb:
        client = skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=sb.flagship_url)
        report = client.push(PUSH, df, nest=SPEC, nest_key="goods_no", lax=True)
        assert report.accepted == [0, 2]
        assert [(i.index, locs(i.errors)) for i in report.invalid] == [(1, [((2, SPEC, 0, "retail_price"), "decimal_max_places")])]
        specs = {s["spec_no"]: s for s in sb.snapshot()["specs"]}
        assert sorted(specs) == ["G1-BLUE", "G1-RED", "G3-1"]
        assert specs["G1-RED"]["doc"]["barcode"] == "6901234567890" and "barcode" not in specs["G1-BLUE"]["doc"]
