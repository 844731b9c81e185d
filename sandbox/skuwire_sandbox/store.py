"""SQLite persistence for everything pushed to the sandbox.

One connection shared by the server threads, guarded by a re-entrant lock;
every request's writes run in one transaction (``with store.tx() as c``).
"""
import contextlib
import json
import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);

-- flagship goods.ApiGoods.upload: platform goods, upsert by shop + goods_id + spec_id
CREATE TABLE IF NOT EXISTS shops(
  shop_id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_no TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS api_goods(
  rec_id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_no TEXT NOT NULL, goods_id TEXT NOT NULL, spec_id TEXT NOT NULL,
  goods_no TEXT NOT NULL DEFAULT '', spec_no TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL DEFAULT 1,
  goods_name TEXT NOT NULL DEFAULT '', spec_name TEXT NOT NULL DEFAULT '',
  pic_url TEXT NOT NULL DEFAULT '',
  price TEXT NOT NULL DEFAULT '0.0000', stock_num TEXT NOT NULL DEFAULT '0.0000',
  created INTEGER NOT NULL, modified INTEGER NOT NULL,
  UNIQUE(shop_no, goods_id, spec_id));
CREATE INDEX IF NOT EXISTS api_goods_modified ON api_goods(modified, rec_id);

-- flagship goods.Goods.batchPush: goods archives by goods_no, specs by spec_no
CREATE TABLE IF NOT EXISTS goods(
  goods_id INTEGER PRIMARY KEY AUTOINCREMENT,
  goods_no TEXT NOT NULL UNIQUE, goods_name TEXT NOT NULL,
  doc TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS specs(
  spec_id INTEGER PRIMARY KEY AUTOINCREMENT,
  spec_no TEXT NOT NULL UNIQUE, goods_no TEXT NOT NULL, spec_name TEXT NOT NULL DEFAULT '',
  doc TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL);

-- flagship purchase.ProviderGoods.upload: by provider_no + spec_no
CREATE TABLE IF NOT EXISTS provider_goods(
  rec_id INTEGER PRIMARY KEY AUTOINCREMENT,
  provider_no TEXT NOT NULL, spec_no TEXT NOT NULL,
  doc TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,
  UNIQUE(provider_no, spec_no));

-- YMCart shop
CREATE TABLE IF NOT EXISTS ym_goods(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  codeno TEXT NOT NULL DEFAULT '', base_name TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL DEFAULT 1, category_id INTEGER NOT NULL DEFAULT 0,
  brand_id INTEGER NOT NULL DEFAULT 0,
  create_time INTEGER NOT NULL, modify_time INTEGER NOT NULL,
  doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ym_goods_codeno ON ym_goods(codeno);
CREATE TABLE IF NOT EXISTS ym_sku(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  goods_id INTEGER NOT NULL, sku_code TEXT NOT NULL, codeno TEXT NOT NULL DEFAULT '',
  barcode TEXT NOT NULL DEFAULT '', stock_nums INTEGER NOT NULL DEFAULT 0,
  price TEXT NOT NULL DEFAULT '0', market_price TEXT NOT NULL DEFAULT '0',
  cost_price TEXT NOT NULL DEFAULT '0', weight TEXT NOT NULL DEFAULT '0',
  volume TEXT NOT NULL DEFAULT '0', status INTEGER NOT NULL DEFAULT 1,
  sku_value TEXT NOT NULL DEFAULT '', props TEXT NOT NULL DEFAULT '[]',
  images TEXT NOT NULL DEFAULT '[]',
  create_time INTEGER NOT NULL, update_time INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ym_sku_goods ON ym_sku(goods_id);
CREATE INDEX IF NOT EXISTS ym_sku_codeno ON ym_sku(codeno);
CREATE TABLE IF NOT EXISTS ym_prop_value(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  goods_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  UNIQUE(goods_id, name, value));
CREATE TABLE IF NOT EXISTS ym_category(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  base_name TEXT NOT NULL, parent_id INTEGER NOT NULL DEFAULT 0,
  listorder INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL DEFAULT '{}',
  UNIQUE(parent_id, base_name));
CREATE TABLE IF NOT EXISTS ym_brand(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  base_name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS ym_goods_rec(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  base_name TEXT NOT NULL DEFAULT '', doc TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS ym_rec_goods(
  rec_id INTEGER NOT NULL, goods_id INTEGER NOT NULL, PRIMARY KEY(rec_id, goods_id));
CREATE TABLE IF NOT EXISTS ym_topic(
  id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ym_rel(
  goods_id INTEGER NOT NULL, rel_goods_id INTEGER NOT NULL, relation TEXT NOT NULL,
  PRIMARY KEY(goods_id, rel_goods_id));
"""

TABLES = ("shops", "api_goods", "goods", "specs", "provider_goods",
          "ym_goods", "ym_sku", "ym_prop_value", "ym_category", "ym_brand",
          "ym_goods_rec", "ym_rec_goods", "ym_topic", "ym_rel")


class Store:
    def __init__(self, path=":memory:"):
        self.path = path
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        if path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(SCHEMA)

    @contextlib.contextmanager
    def tx(self):
        """Serialised transaction: commit on success, roll back on error."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def query(self, sql, args=()):
        with self.lock:
            return [dict(r) for r in self.conn.execute(sql, args).fetchall()]

    def clear(self):
        with self.tx() as c:
            for t in TABLES:
                c.execute("DELETE FROM %s" % t)
            c.execute("DELETE FROM sqlite_sequence")

    def snapshot(self):
        """Every table as a list of row dicts (JSON columns decoded)."""
        out = {}
        with self.lock:
            for t in TABLES:
                rows = []
                for r in self.conn.execute("SELECT * FROM %s ORDER BY rowid" % t):
                    row = dict(r)
                    for k in ("doc", "props", "images"):
                        if k in row and isinstance(row[k], str):
                            try:
                                row[k] = json.loads(row[k])
                            except ValueError:
                                pass
                    rows.append(row)
                out[t] = rows
        return out

    def close(self):
        with self.lock:
            self.conn.close()
