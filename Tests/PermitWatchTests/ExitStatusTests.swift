import Foundation
import PermitWatch
import TestSupport
import Testing

/// Every command's exit status, as a script sees it: 0 done, 2 input rejected (nothing
/// written), 3 a database error, 64 a usage error; and the message on standard error.
@Suite("Exit statuses of every command")
struct ExitStatusTests {
    /// A copy of the shared province's database, its dataset, and a few files of its own,
    /// shared by the cases (none of which may change it).
    final class Province: Sendable {
        let directory: URL
        let dataset: URL
        let database: String

        static let shared = Result { try Province() }

        private init() throws {
            let province = try SharedProvince.load()
            (database, directory) = try province.copy("exit-status")
            dataset = province.dataset
            try "source_id,lon,lat,priority\nS1,113.3,23.1,1\n".write(to: directory.appendingPathComponent("stops.csv"), atomically: true, encoding: .utf8)
            // The same stop in Web Mercator metres (EPSG:3857).
            try "id,lon,lat,priority\nS1,12612498.31,2644116.43,1\n".write(to: directory.appendingPathComponent("stops3857.csv"), atomically: true, encoding: .utf8)
            try "NAME: bad\nTYPE: TSP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 x\nEOF\n"
                .write(to: directory.appendingPathComponent("bad.tsp"), atomically: true, encoding: .utf8)
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        /// Every row of every table, to show a refusal changed nothing. (Not the file's bytes:
        /// opening a database for writing lets GRDB commit an empty schema change that sets up
        /// the WAL, which moves SQLite's change counters but no row.)
        func contents() throws -> Int {
            try DatabaseContents.fingerprint(of: database)
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { "permitwatch \(arguments.joined(separator: " ")) → \(status)" }
    }

    /// `DB`, `DATA`, `MISSING` and `FILE:name` stand for the province's database, its dataset
    /// folder, a database that does not exist and a file beside the database.
    static let cases: [Case] = [
        Case(arguments: ["generate", "--out", "FILE:gen", "--sources", "0"], status: 64, message: "--sources 0: expected a whole number"),
        Case(arguments: ["init", "--from", "DATA", "--db", "DB"], status: 64, message: "already exists; pass --force"),
        Case(arguments: ["init", "--from", "FILE:no-such-folder", "--db", "FILE:new.sqlite"], status: 2, message: "no dataset files found"),
        Case(arguments: ["ingest", "areas", "FILE:stops.csv", "--level", "town", "--db", "DB"], status: 2, message: "nothing was written"),
        Case(arguments: ["ingest", "sources", "FILE:bad.tsp", "--db", "DB"], status: 2, message: "nothing was written"),
        Case(arguments: ["ingest", "sources", "FILE:stops.csv", "--snap=-1", "--db", "DB"], status: 64, message: "--snap -1: expected zero or more metres"),
        Case(arguments: ["ingest", "events", "FILE:stops.csv", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["ingest", "events", "FILE:stops.csv", "--db", "DB"], status: 2, message: "nothing was written"),
        Case(arguments: ["ingest", "depots", "FILE:bad.tsp", "--db", "DB"], status: 2, message: "nothing was written"),
        Case(arguments: ["ingest", "roads", "FILE:bad.tsp", "--db", "DB"], status: 2, message: "bad.tsp"),
        Case(arguments: ["ingest", "areas", "FILE:bad.tsp", "--level", "town", "--layer", "towns", "--db", "DB"], status: 2, message: "GDAL cannot open it"),
        Case(arguments: ["ingest", "sources", "FILE:stops.csv", "--encoding", "GBK", "--db", "DB"], status: 64, message: "--encoding GBK: a CSV file's encoding is detected"),
        Case(arguments: ["ingest", "depots", "FILE:stops3857.csv", "--db", "DB"], status: 2, message: "pass --crs epsg:N"),
        Case(arguments: ["assign", "--snap=-5", "--db", "DB"], status: 64, message: "--snap -5: expected zero or more metres"),
        Case(arguments: ["assign", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["summary", "--db", "DB"], status: 0, message: ""),
        Case(arguments: ["token", "create", "--name", "qgis", "--role", "owner", "--db", "DB"], status: 64, message: "--role"),
        Case(arguments: ["token", "create", "--name", "", "--role", "reader", "--db", "DB"], status: 64, message: "--name : expected 1 to 64 printable characters"),
        Case(arguments: ["token", "revoke", "nobody", "--db", "DB"], status: 2, message: "no token that is not revoked is named \"nobody\""),
        Case(arguments: ["token", "list", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["check", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["backup", "FILE:no-such-folder/copy.sqlite", "--db", "DB"], status: 2, message: "its folder"),
        Case(arguments: ["backup", "DATA", "--db", "DB"], status: 2, message: "is a folder"),
        Case(arguments: ["summary", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["summary", "--area", "9999", "--db", "DB"], status: 2, message: "--area 9999: no prefecture, county, town or grid has this code"),
        Case(arguments: ["summary", "--by", "cell", "--area", "9999", "--db", "DB"], status: 64, message: "--area 9999: a summary by square-grid cell cannot be narrowed"),
        Case(arguments: ["query", "--db", "DB"], status: 64, message: ""),
        Case(arguments: ["query", "no-such-query", "--db", "DB"], status: 2, message: "no query named 'no-such-query'"),
        Case(arguments: ["query", "sources-near", "--param", "at=113.3,23.1", "--param", "radius=abc", "--db", "DB"], status: 2, message: "radius: 'abc' is not valid"),
        Case(arguments: ["query", "sources-near", "--param", "radius", "--db", "DB"], status: 64, message: "--param radius: expected name=value"),
        Case(arguments: ["query", "unlicensed-by-town", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["query", "unlicensed-by-town", "--format", "csv", "--db", "DB"], status: 0, message: ""),
        Case(arguments: ["clusters", "--eps", "0", "--db", "DB"], status: 64, message: "--eps 0: expected metres from 0.01 to 100000"),
        Case(arguments: ["clusters", "--status", "unlicensed,bogus", "--db", "DB", "--no-store"], status: 64, message: "bogus is not a status"),
        Case(arguments: ["clusters", "--db", "DB", "--no-store", "--eps", "1500", "--min-points", "3", "--format", "csv"], status: 0, message: ""),
        Case(arguments: ["clusters", "--area", "9999", "--db", "DB"], status: 2, message: "--area 9999: no prefecture, county, town or grid has this code"),
        Case(arguments: ["hotspots", "--area", "9999", "--db", "DB"], status: 2, message: "--area 9999: no prefecture, county, town or grid has this code"),
        Case(arguments: ["route", "plan", "--area", "9999", "--iterations", "5", "--db", "DB"], status: 2, message: "--area 9999: no prefecture, county, town or grid has this code"),
        Case(arguments: ["query", "sources", "--param", "area=9999", "--db", "DB"], status: 2, message: "parameter area: '9999' is not valid; expected the code of"),
        Case(arguments: ["query", "sources", "--param", "status=bogus", "--db", "DB"], status: 2, message: "parameter status: 'bogus' is not valid; expected a status"),
        Case(arguments: ["query", "sources-near", "--param", "at=113.3,23.1", "--param", "radius=-5", "--db", "DB"], status: 2, message: "parameter radius: '-5' is not valid; expected a number above 0"),
        Case(arguments: ["query", "status-changes", "--param", "from=2020-05-01", "--param", "to=2020-04-01", "--db", "DB"], status: 2, message: "it is before from (2020-05-01)"),
        Case(arguments: ["query", "newly-found", "--param", "week=2015-W05", "--db", "DB"], status: 2, message: "expected a week the data's events reach"),
        Case(arguments: ["report", "weekly", "--week", "2015-W05", "--db", "DB"], status: 2, message: "--week 2015-W05: outside the data's history; expected a week the data's events reach"),
        Case(arguments: ["hotspots", "--grid", "hex:5", "--db", "DB"], status: 64, message: "--grid hex:5: expected square:METRES"),
        Case(arguments: ["hotspots", "--area", "4401010", "--db", "DB", "--no-store"], status: 2, message: ""),
        Case(arguments: ["route", "plan", "--teams", "0", "--db", "DB"], status: 64, message: "--teams 0: expected at least 1 team"),
        Case(arguments: ["route", "plan", "--start", "25:00", "--db", "DB"], status: 64, message: "--start 25:00: expected a clock time HH:MM"),
        Case(arguments: ["route", "plan", "--depot", "200,23", "--db", "DB"], status: 64, message: "--depot 200,23: expected LON,LAT in degrees"),
        Case(arguments: ["route", "plan", "--depot", "NO-SUCH-DEPOT", "--no-store", "--iterations", "5", "--db", "DB"], status: 2, message: "--depot NO-SUCH-DEPOT: no depot with this code"),
        Case(arguments: ["route", "plan", "--stops", "FILE:stops.csv", "--depot", "113.3,23.1", "--no-store", "--iterations", "5", "--db", "DB"], status: 0, message: ""),
        Case(arguments: ["route", "plan", "--stops", "FILE:stops3857.csv", "--depot", "12612498.31,2644116.43", "--no-store", "--iterations", "5", "--db", "DB"], status: 64, message: "--depot 12612498.31,2644116.43: expected LON,LAT in degrees"),
        Case(arguments: ["route", "plan", "--stops", "FILE:stops3857.csv", "--depot", "12612498.31,2644116.43", "--crs", "epsg:3857", "--no-store", "--iterations", "5", "--db", "DB"], status: 0, message: ""),
        Case(arguments: ["route", "tsplib", "FILE:bad.tsp"], status: 2, message: "bad.tsp"),
        Case(arguments: ["route", "tsplib", "FILE:bad.tsp", "--seconds", "0"], status: 64, message: "--seconds 0: expected a positive number of seconds"),
        Case(arguments: ["report", "weekly", "--week", "2020-W60", "--db", "DB"], status: 64, message: "--week 2020-W60: expected an ISO week"),
        Case(arguments: ["report", "weekly", "--area", "9999", "--db", "DB"], status: 2, message: "--area 9999: no prefecture, county, town or grid has this code"),
        Case(arguments: ["report", "weekly", "--format", "md", "--db", "DB"], status: 0, message: ""),
        Case(arguments: ["report", "weekly", "--db", "MISSING"], status: 3, message: "no such database"),
        Case(arguments: ["serve", "--port", "70000", "--db", "DB"], status: 64, message: "--port 70000 is not a port"),
        Case(arguments: ["serve", "--workers", "0", "--db", "DB"], status: 64, message: "--workers 0: expected 1 to 256 threads"),
        Case(arguments: ["benchmark", "--reads-only", "--work", "FILE:no-benchmark-here"], status: 3, message: "no database from an earlier benchmark run"),
        Case(arguments: ["no-such-command"], status: 64, message: ""),
    ]

    @Test(arguments: cases)
    func exitStatus(_ example: Case) throws {
        let province = try Province.shared.get()
        let arguments = example.arguments.map { argument -> String in
            switch argument {
            case "DB": province.database
            case "DATA": province.dataset.path
            case "MISSING": province.path("missing.sqlite")
            default: argument.hasPrefix("FILE:") ? province.path(String(argument.dropFirst(5))) : argument
            }
        }
        let before = try province.contents()
        let result = try CLI.run(arguments)
        #expect(result.status == example.status, "\(result.err)")
        if !example.message.isEmpty { #expect(result.err.contains(example.message), "\(result.err)") }
        if example.status != 0 { #expect(try province.contents() == before, "a refused command changed the database") }
    }

    /// `--version` names the release and the libraries whose behaviour decides the answers.
    @Test func versionNamesTheReleaseAndItsLibraries() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        let line = String(decoding: result.out, as: UTF8.self)
        #expect(line.hasPrefix("permitwatch \(PermitWatchVersion.current) (SQLite 3."), "\(line)")
        for library in ["SpatiaLite ", "GEOS ", "GDAL "] { #expect(line.contains(library), "\(line)") }
    }

    /// `backup` while nothing else runs, then `check` of the copy: every check passes, and a
    /// second backup over the first replaces it whole.
    @Test func aRestoredBackupPassesCheck() throws {
        let province = try Province.shared.get()
        let copy = province.path("backup-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        // Other cases run beside this one: the copy is the database as it stood before or after.
        var states: [Int] = []
        for _ in 0..<2 {
            states.append(try province.contents())
            let backup = try CLI.run(["backup", copy, "--db", province.database])
            #expect(backup.status == 0 && backup.err.contains("backed up"), "\(backup.err)")
            states.append(try province.contents())
        }
        let check = try CLI.run(["check", "--db", copy])
        let lines = String(decoding: check.out, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(check.status == 0, "\(lines) \(check.err)")
        #expect(lines.count == 5 && lines.allSatisfy { $0.hasPrefix("ok ") }, "\(lines)")
        #expect(states.suffix(2).contains(try DatabaseContents.fingerprint(of: copy)))
    }

    /// `init` builds the database aside: a dataset that fails to load leaves no file behind,
    /// and with `--force` leaves the old database as it was.
    @Test func aFailedInitLeavesNoDatabaseAndKeepsTheOldOne() throws {
        let province = try Province.shared.get()
        let bad = try SharedProvince.scratchDirectory("bad-dataset")
        try FileManager.default.copyItem(at: province.dataset.appendingPathComponent("prefectures.geojson"), to: bad.appendingPathComponent("prefectures.geojson"))
        try "source_id,lon,lat,status\nS1,abc,23.1,unlicensed\n".write(to: bad.appendingPathComponent("sources.csv"), atomically: true, encoding: .utf8)
        let fresh = bad.appendingPathComponent("fresh.sqlite").path
        let result = try CLI.run(["init", "--from", bad.path, "--db", fresh])
        #expect(result.status == 2 && result.err.contains("sources.csv:2: lon: 'abc' is not a number"), "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: bad.path).sorted() == ["prefectures.geojson", "sources.csv"])

        let (old, _) = try SharedProvince.load().copy("init-force")
        let before = try DatabaseContents.fingerprint(of: old)
        let forced = try CLI.run(["init", "--from", bad.path, "--db", old, "--force"])
        #expect(forced.status == 2)
        #expect(try DatabaseContents.fingerprint(of: old) == before)
    }
}
