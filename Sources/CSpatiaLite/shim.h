#ifndef PERMITWATCH_CSPATIALITE_SHIM_H
#define PERMITWATCH_CSPATIALITE_SHIM_H

// <sqlite3.h> must come before the SpatiaLite headers, which use its types.
#include <sqlite3.h>
#include <spatialite/gaiageo.h>
#include <spatialite.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type pw_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type pw_sqlite_static(void) { return SQLITE_STATIC; }

// sqlite3_config is variadic. Called once, before the first connection opens: connections are
// each used by one thread at a time (GRDB serialises them), so SQLite's per-call mutexes and
// global memory statistics are pure overhead in bulk loads.
static inline int pw_sqlite_configure_for_pooled_connections(void) {
    int rc = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
