import GRDB

/// The schema, as an ordered list of migrations applied once each.
///
/// Coordinates are stored twice on purpose: WGS-84 longitude/latitude (the geometry column,
/// what GeoJSON serves) and EPSG:4547 metres (`x`, `y`, what every distance uses).
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
        migrator.registerMigration("v5: roads, the network route planning follows") { db in
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
        return migrator
    }
}
