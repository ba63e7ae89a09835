import PostGISStore
import Store
import Testing

/// The `--db postgresql://…` text: what is taken, what is refused, and that the password
/// never shows.
struct PostgresURLTests {
    @Test func readsEveryPartOfTheURL() throws {
        let url = try PostgresURL(parsing: "postgresql://planner:s%40cret@db.bureau.example:6432/register?schema=guangdong", environment: [:])
        #expect(url.user == "planner")
        #expect(url.password == "s@cret")
        #expect(url.host == "db.bureau.example")
        #expect(url.port == 6432)
        #expect(url.database == "register")
        #expect(url.schema == "guangdong")
        #expect(url.description == "postgresql://planner@db.bureau.example:6432/register?schema=guangdong")
    }

    @Test func defaultsFollowLibpq() throws {
        let url = try PostgresURL(parsing: "postgres://localhost/permitwatch", environment: ["PGUSER": "gis", "PGPASSWORD": "pw"])
        #expect(url.user == "gis")
        #expect(url.password == "pw")
        #expect(url.port == 5432)
        #expect(url.schema == "permitwatch")
        #expect(url.socketDirectory == nil)
        let socket = try PostgresURL(parsing: "postgresql://gis@/permitwatch?host=/var/run/postgresql", environment: [:])
        #expect(socket.socketDirectory == "/var/run/postgresql")
    }

    @Test(arguments: [
        ("postgresql://u:secret@h/db?sslmode=require", "sslmode=require is not supported yet"),
        ("postgresql://u:secret@h/db?schema=Public;drop", "is not a plain lower-case SQL name"),
        ("postgresql://u:secret@h/", "no database name"),
        ("postgresql://u:secret@h/db?colour=blue", "unknown parameter 'colour'"),
        ("postgresql://u:secret@h/db?host=relative", "must be a socket folder"),
    ])
    func refusesWhatItCannotHonour(text: String, reason: String) {
        #expect {
            _ = try PostgresURL(parsing: text, environment: [:])
        } throws: { error in
            let message = "\(error)"
            return message.contains(reason) && !message.contains("secret") && message.contains("u:***@h")
        }
    }

    @Test func onlyPostgresSchemesNameADatabase() {
        #expect(PostgresURL.isPostgresURL("postgresql://h/db"))
        #expect(PostgresURL.isPostgresURL("postgres://h/db"))
        #expect(!PostgresURL.isPostgresURL("permitwatch.sqlite"))
        #expect(!PostgresURL.isPostgresURL("/data/postgresql/permitwatch.sqlite"))
    }
}
