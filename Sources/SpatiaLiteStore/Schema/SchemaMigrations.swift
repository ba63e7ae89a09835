import GeoKit
import GRDB
import Store

/// The schema, as an ordered list of migrations applied once each.
///
/// Coordinates are stored twice on purpose: WGS-84 longitude/latitude (the geometry column,
/// what GeoJSON serves) and metres of the dataset's metric CRS (`x`, `y`, what every distance
/// uses; `settings.metric_crs`, EPSG:4547 in a store made before it was chosen per dataset).
enum SchemaMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: spatial metadata, areas, sources, events, depots") { db in
            // InitSpatialMetadata(1) would open its own transaction inside the migrator's.
            try db.execute(sql: "SELECT InitSpatialMetadata(0)")
            try db.execute(sql: """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                INSERT INTO settings (key, value) VALUES ('cell_size', '1000');

                CREATE TABLE areas (
                    id INTEGER PRIMARY KEY,
                    level TEXT NOT NULL CHECK (level IN ('prefecture', 'county', 'town', 'grid')),
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    parent_code TEXT,
                    officer TEXT,
                    officer_phone TEXT,
                    area_km2 REAL NOT NULL,
                    repair_note TEXT,
                    UNIQUE (level, code)
                );
                SELECT AddGeometryColumn('areas', 'geometry', 4326, 'MULTIPOLYGON', 'XY', 1);
                SELECT CreateSpatialIndex('areas', 'geometry');

                CREATE TABLE sources (
                    id INTEGER PRIMARY KEY,
                    source_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    uscc TEXT,
                    industry TEXT,
                    category TEXT,
                    status TEXT NOT NULL
                        CHECK (status IN ('permitted', 'registered', 'rectifying', 'special', 'unlicensed')),
                    status_date TEXT,
                    deadline TEXT,
                    lon REAL NOT NULL,
                    lat REAL NOT NULL,
                    x REAL NOT NULL,
                    y REAL NOT NULL,
                    removed_on TEXT,
                    prefecture_code TEXT,
                    county_code TEXT,
                    town_code TEXT,
                    grid_code TEXT,
                    cell_ix INTEGER,
                    cell_iy INTEGER,
                    placement TEXT NOT NULL DEFAULT 'unassigned'
                        CHECK (placement IN ('inside', 'snapped', 'unassigned')),
                    snap_distance_m REAL
                );
                CREATE UNIQUE INDEX sources_by_source_id ON sources (source_id);
                SELECT AddGeometryColumn('sources', 'geometry', 4326, 'POINT', 'XY', 1);
                SELECT CreateSpatialIndex('sources', 'geometry');

                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    source_id TEXT NOT NULL,
                    date TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    status TEXT
                        CHECK (status IS NULL OR status IN ('permitted', 'registered', 'rectifying', 'special', 'unlicensed')),
                    deadline TEXT,
                    ingest_id INTEGER NOT NULL REFERENCES ingests (id)
                );
                CREATE INDEX events_by_source ON events (source_id, date);
                CREATE INDEX events_by_date ON events (date);

                CREATE TABLE depots (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    county_code TEXT,
                    lon REAL NOT NULL,
                    lat REAL NOT NULL,
                    x REAL NOT NULL,
                    y REAL NOT NULL
                );
                SELECT AddGeometryColumn('depots', 'geometry', 4326, 'POINT', 'XY', 1);

                CREATE TABLE ingests (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    file TEXT NOT NULL,
                    crs TEXT,
                    as_of TEXT,
                    rows INTEGER NOT NULL,
                    warnings INTEGER NOT NULL,
                    events INTEGER NOT NULL DEFAULT 0,
                    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                );
                """)
        }
        migrator.registerMigration("v2: area_names, the compact lookup of area names") { db in
            // Queries name the prefecture, county, town and grid of every source row. Looked up
            // in `areas`, each name drags its row of polygon pages through the cache; this
            // table holds only the names, a few megabytes that stay in cache.
            try db.execute(sql: """
                CREATE TABLE area_names (
                    level TEXT NOT NULL,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    parent_code TEXT,
                    officer TEXT,
                    officer_phone TEXT,
                    PRIMARY KEY (level, code)
                ) WITHOUT ROWID;
                INSERT INTO area_names (level, code, name, parent_code, officer, officer_phone)
                    SELECT level, code, name, parent_code, officer, officer_phone FROM areas;
                """)
        }
        migrator.registerMigration("v3: sources_named, every source with the names of its areas") { db in
            // The view the catalog queries (and planners' own) select from, so the four name
            // joins are written once; SQLite flattens it into each query.
            try db.execute(sql: """
                CREATE VIEW sources_named AS
                SELECT s.*,
                       p.name AS prefecture_name, c.name AS county_name, t.name AS town_name,
                       g.name AS grid_name, g.officer AS officer, g.officer_phone AS officer_phone
                FROM sources AS s
                LEFT JOIN area_names AS p ON p.level = 'prefecture' AND p.code = s.prefecture_code
                LEFT JOIN area_names AS c ON c.level = 'county' AND c.code = s.county_code
                LEFT JOIN area_names AS t ON t.level = 'town' AND t.code = s.town_code
                LEFT JOIN area_names AS g ON g.level = 'grid' AND g.code = s.grid_code
                """)
        }
        migrator.registerMigration("v4: analytics runs, clusters, hot-spot cells") { db in
            // Every run keeps its parameters, summary and time; the result rows are the latest
            // run's (a new run replaces them), which the server and the report read.
            try db.execute(sql: """
                CREATE TABLE analysis_runs (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('clusters', 'hotspots')),
                    parameters TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                );
                CREATE TABLE clusters (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES analysis_runs (id) ON DELETE CASCADE,
                    cluster INTEGER NOT NULL,
                    members INTEGER NOT NULL,
                    core_members INTEGER NOT NULL,
                    first_source_id TEXT NOT NULL,
                    centroid_lon REAL NOT NULL,
                    centroid_lat REAL NOT NULL,
                    area_km2 REAL NOT NULL,
                    density_per_km2 REAL NOT NULL,
                    risk REAL NOT NULL,
                    sources_nearby INTEGER NOT NULL,
                    licensed_nearby INTEGER NOT NULL,
                    overdue_nearby INTEGER NOT NULL,
                    by_status TEXT NOT NULL,
                    by_industry TEXT NOT NULL,
                    towns TEXT NOT NULL,
                    grids TEXT NOT NULL,
                    concave_outline BLOB,
                    UNIQUE (run_id, cluster)
                );
                SELECT AddGeometryColumn('clusters', 'geometry', 4326, 'MULTIPOLYGON', 'XY', 1);
                SELECT CreateSpatialIndex('clusters', 'geometry');
                CREATE TABLE cluster_members (
                    run_id INTEGER NOT NULL REFERENCES analysis_runs (id) ON DELETE CASCADE,
                    source_id TEXT NOT NULL,
                    cluster INTEGER NOT NULL,
                    core INTEGER NOT NULL,
                    PRIMARY KEY (run_id, source_id)
                ) WITHOUT ROWID;
                CREATE TABLE hotspot_cells (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES analysis_runs (id) ON DELETE CASCADE,
                    cell TEXT NOT NULL,
                    cx INTEGER,
                    cy INTEGER,
                    value REAL NOT NULL,
                    sources INTEGER NOT NULL,
                    z REAL,
                    p REAL,
                    bin INTEGER NOT NULL
                );
                CREATE INDEX hotspot_cells_by_cell ON hotspot_cells (cell);
                SELECT AddGeometryColumn('hotspot_cells', 'geometry', 4326, 'MULTIPOLYGON', 'XY', 1);
                SELECT CreateSpatialIndex('hotspot_cells', 'geometry');
                """)
        }
        migrator.registerMigration("v5: hot-spot cells by number, outlines rebuilt on reading") { db in
            // Square cells are stored by column and row (their outline follows from the cell
            // size), administrative cells by grid code (their outline is the grid's polygon):
            // storing and indexing 100,000 polygons per run cost more than the analysis.
            try db.execute(sql: """
                SELECT DisableSpatialIndex('hotspot_cells', 'geometry');
                DROP TABLE IF EXISTS idx_hotspot_cells_geometry;
                DELETE FROM geometry_columns_statistics WHERE f_table_name = 'hotspot_cells';
                DELETE FROM geometry_columns_field_infos WHERE f_table_name = 'hotspot_cells';
                DELETE FROM geometry_columns_time WHERE f_table_name = 'hotspot_cells';
                DELETE FROM geometry_columns_auth WHERE f_table_name = 'hotspot_cells';
                SELECT DiscardGeometryColumn('hotspot_cells', 'geometry');
                CREATE TABLE hotspot_cells_v5 (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES analysis_runs (id) ON DELETE CASCADE,
                    cell TEXT NOT NULL,
                    cx INTEGER,
                    cy INTEGER,
                    cell_size REAL,
                    value REAL NOT NULL,
                    sources INTEGER NOT NULL,
                    z REAL,
                    p REAL,
                    bin INTEGER NOT NULL,
                    CHECK ((cell_size IS NULL) = (cx IS NULL) AND (cx IS NULL) = (cy IS NULL))
                );
                INSERT INTO hotspot_cells_v5 (id, run_id, cell, cx, cy, cell_size, value, sources, z, p, bin)
                    SELECT h.id, h.run_id, h.cell, h.cx, h.cy,
                           CASE WHEN h.cx IS NULL THEN NULL
                                ELSE CAST(substr(json_extract(r.parameters, '$.grid'), 8) AS REAL) END,
                           h.value, h.sources, h.z, h.p, h.bin
                    FROM hotspot_cells AS h JOIN analysis_runs AS r ON r.id = h.run_id;
                DROP TABLE hotspot_cells;
                ALTER TABLE hotspot_cells_v5 RENAME TO hotspot_cells;
                CREATE INDEX hotspot_cells_by_cell ON hotspot_cells (cell);
                """)
        }
        migrator.registerMigration("v6: area_paths, one lookup names a source's four areas") { db in
            // sources_named looked up four names per row; a grid's path (its town, county and
            // prefecture with their names) answers all four at once whenever the source's
            // codes are that path, which assignment makes the rule. Sources off the rule (no
            // grid, or codes from elsewhere) still get each name looked up on its own.
            try db.execute(sql: """
                CREATE TABLE area_paths (
                    grid_code TEXT PRIMARY KEY,
                    town_code TEXT,
                    county_code TEXT,
                    prefecture_code TEXT,
                    grid_name TEXT NOT NULL,
                    town_name TEXT,
                    county_name TEXT,
                    prefecture_name TEXT,
                    officer TEXT,
                    officer_phone TEXT
                ) WITHOUT ROWID;
                DROP VIEW sources_named;
                CREATE VIEW sources_named AS
                SELECT s.*,
                       CASE WHEN path.grid_code IS NULL
                            THEN (SELECT name FROM area_names WHERE level = 'prefecture' AND code = s.prefecture_code)
                            ELSE path.prefecture_name END AS prefecture_name,
                       CASE WHEN path.grid_code IS NULL
                            THEN (SELECT name FROM area_names WHERE level = 'county' AND code = s.county_code)
                            ELSE path.county_name END AS county_name,
                       CASE WHEN path.grid_code IS NULL
                            THEN (SELECT name FROM area_names WHERE level = 'town' AND code = s.town_code)
                            ELSE path.town_name END AS town_name,
                       CASE WHEN path.grid_code IS NULL
                            THEN (SELECT name FROM area_names WHERE level = 'grid' AND code = s.grid_code)
                            ELSE path.grid_name END AS grid_name,
                       CASE WHEN path.grid_code IS NULL
                            THEN (SELECT officer FROM area_names WHERE level = 'grid' AND code = s.grid_code)
                            ELSE path.officer END AS officer,
                       CASE WHEN path.grid_code IS NULL
                            THEN (SELECT officer_phone FROM area_names WHERE level = 'grid' AND code = s.grid_code)
                            ELSE path.officer_phone END AS officer_phone
                FROM sources AS s
                LEFT JOIN area_paths AS path
                       ON path.grid_code = s.grid_code AND path.town_code IS s.town_code
                      AND path.county_code IS s.county_code AND path.prefecture_code IS s.prefecture_code
                """)
            try db.execute(sql: AreaPaths.rebuild)
        }
        migrator.registerMigration("v7: roads, the network route planning follows") { db in
            try db.execute(sql: """
                CREATE TABLE roads (
                    id INTEGER PRIMARY KEY,
                    direction TEXT NOT NULL CHECK (direction IN ('both', 'forward', 'backward')),
                    metres_per_second REAL,
                    coordinates TEXT NOT NULL
                );
                SELECT AddGeometryColumn('roads', 'geometry', 4326, 'LINESTRING', 'XY', 1);
                """)
        }
        migrator.registerMigration("v8: events_by_source covers each source's history") { db in
            // The weekly report of an area reads each of its sources' events through this index;
            // holding the columns it reads (and the id, for the order of same-day events) saves
            // a table look-up per event.
            try db.execute(sql: "DROP INDEX events_by_source; " + EventIndexes.bySource)
        }
        migrator.registerMigration("v9: stored route plans, one line per team") { db in
            // Every plan is kept (planners compare days); /collections/routes lists the teams'
            // paths with their stops, newest plans last.
            try db.execute(sql: """
                CREATE TABLE route_plans (
                    id INTEGER PRIMARY KEY,
                    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                    parameters TEXT NOT NULL,
                    depot TEXT NOT NULL,
                    teams INTEGER NOT NULL,
                    prize REAL NOT NULL,
                    distance_km REAL NOT NULL,
                    unvisited INTEGER NOT NULL
                );
                CREATE TABLE route_teams (
                    id INTEGER PRIMARY KEY,
                    route TEXT NOT NULL UNIQUE,
                    plan_id INTEGER NOT NULL REFERENCES route_plans (id) ON DELETE CASCADE,
                    team INTEGER NOT NULL,
                    depot TEXT NOT NULL,
                    stops INTEGER NOT NULL,
                    stop_ids TEXT NOT NULL,
                    prize REAL NOT NULL,
                    distance_km REAL NOT NULL,
                    duration_h REAL NOT NULL,
                    created_at TEXT NOT NULL
                );
                SELECT AddGeometryColumn('route_teams', 'geometry', 4326, 'LINESTRING', 'XY', 1);
                SELECT CreateSpatialIndex('route_teams', 'geometry');
                """)
        }
        migrator.registerMigration("v10: kept columns, declared areas, rejected rows") { db in
            // `attributes`: the register's columns that map to no field, as a JSON object keyed
            // by the original header names (catalog SQL reads them with json_extract).
            // `declared_area_code`: the area the register declares the source in, as given;
            // `location_mismatch`: 1 when the placement disagrees with it, 0 when it agrees,
            // NULL when nothing is declared (set with the placement, see DeclaredArea).
            // `ingests.attribute_columns`: the file's kept columns, a JSON array of header names,
            // which the sources' queryables list.
            // `ingest_rejects`: the rows an `--on-error skip` ingest left out, written in the
            // load's own transaction, so the load and its rejects are committed together.
            try db.execute(sql: """
                ALTER TABLE sources ADD COLUMN attributes TEXT;
                ALTER TABLE sources ADD COLUMN declared_area_code TEXT;
                ALTER TABLE sources ADD COLUMN location_mismatch INTEGER;
                ALTER TABLE ingests ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE ingests ADD COLUMN rejects_file TEXT;
                ALTER TABLE ingests ADD COLUMN attribute_columns TEXT;
                CREATE TABLE ingest_rejects (
                    ingest_id INTEGER NOT NULL REFERENCES ingests (id),
                    line INTEGER NOT NULL,
                    row TEXT NOT NULL,
                    field TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (ingest_id, line)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v11: the metric CRS stored with the data") { db in
            // Every x/y of a store made before this was EPSG:4547 (CGCS2000 / 3-degree
            // Gauss-Kruger CM 114E): such a store gets it written down, so it keeps working as
            // it was. An empty store gets none: its first ingest (or `init --metric-crs`)
            // chooses one for its data. Each ingest records the system it projected in.
            let epsg4547 = MetricCRS.epsg4547
            try db.execute(
                sql: """
                    ALTER TABLE ingests ADD COLUMN metric_crs TEXT;
                    INSERT INTO settings (key, value)
                        SELECT 'metric_crs', ? WHERE EXISTS (SELECT 1 FROM sources) OR EXISTS (SELECT 1 FROM areas)
                                                     OR EXISTS (SELECT 1 FROM depots);
                    INSERT INTO settings (key, value)
                        SELECT 'metric_crs_proj', ? WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'metric_crs');
                    """,
                arguments: [epsg4547.description, epsg4547.projString])
        }
        migrator.registerMigration("v12: bearer tokens, stored hashed") { db in
            // The secret is never stored: only its HMAC-SHA256 under the database's key
            // (settings.access_token_key, made with the first token). A name is unique among
            // the tokens not revoked, so an event's author names one holder.
            try db.execute(
                sql: """
                    CREATE TABLE access_tokens (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
                        secret_hash TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX access_tokens_by_active_name ON access_tokens (name) WHERE revoked_at IS NULL;
                    """)
        }
        migrator.registerMigration("v13: field writes, their authors and their replies") { db in
            // A field write is logged like an ingest (`ingests.at` is when), with the token's
            // name as its author; an event carries what it says beyond its kind (an
            // inspection's result, officer, note) as JSON. A request retried with the same
            // Idempotency-Key finds its first reply here.
            try db.execute(
                sql: """
                    ALTER TABLE ingests ADD COLUMN author TEXT;
                    ALTER TABLE events ADD COLUMN details TEXT;
                    CREATE TABLE idempotent_requests (
                        author TEXT NOT NULL,
                        key TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        ingest_id INTEGER NOT NULL REFERENCES ingests (id),
                        status INTEGER NOT NULL,
                        content_type TEXT NOT NULL,
                        body BLOB NOT NULL,
                        PRIMARY KEY (author, key)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v14: the sources each field write changed, by generation") { db in
            // The server's in-memory source index follows small writes from this log instead
            // of reading the register again: a write that does not list the sources it
            // changed (every ingest) sets `sources_reset`, after which only a full read will do.
            try db.execute(
                sql: """
                    CREATE TABLE source_changes (
                        generation INTEGER NOT NULL,
                        source_rowid INTEGER NOT NULL,
                        PRIMARY KEY (generation, source_rowid)
                    ) WITHOUT ROWID;
                    INSERT OR REPLACE INTO settings (key, value)
                    VALUES ('sources_reset', COALESCE((SELECT value FROM settings WHERE key = 'generation'), '0'));
                    """)
        }
        migrator.registerMigration("v15: the dates each field write added events on, by generation") { db in
            // The server keeps a weekly report across field writes whose events all fall after
            // its week; any other write sets `history_reset`, after which reports are made again.
            try db.execute(
                sql: """
                    CREATE TABLE history_changes (
                        generation INTEGER PRIMARY KEY,
                        first_date TEXT NOT NULL,
                        last_date TEXT NOT NULL
                    );
                    INSERT OR REPLACE INTO settings (key, value)
                    VALUES ('history_reset', COALESCE((SELECT value FROM settings WHERE key = 'generation'), '0'));
                    """)
        }
        return migrator
    }
}

/// The grids' paths up the area hierarchy, derived from `area_names`: rebuilt whenever areas change.
enum AreaPaths {
    static let rebuild = """
        DELETE FROM area_paths;
        INSERT INTO area_paths (
            grid_code, town_code, county_code, prefecture_code, grid_name, town_name, county_name, prefecture_name, officer, officer_phone)
        SELECT g.code, g.parent_code, t.parent_code, c.parent_code, g.name, t.name, c.name, p.name, g.officer, g.officer_phone
        FROM area_names AS g
        LEFT JOIN area_names AS t ON t.level = 'town' AND t.code = g.parent_code
        LEFT JOIN area_names AS c ON c.level = 'county' AND c.code = t.parent_code
        LEFT JOIN area_names AS p ON p.level = 'prefecture' AND p.code = c.parent_code
        WHERE g.level = 'grid';
        """
}

/// The events' indexes, built by the schema and rebuilt by large event ingests.
enum EventIndexes {
    static let bySource = "CREATE INDEX events_by_source ON events (source_id, date, id, kind, status, deadline)"
    static let byDate = "CREATE INDEX events_by_date ON events (date)"
}
