import FileWriting
import Foundation
import PermitWatch
import Store
import TestSupport
import Testing

/// The `table` format as people read it: whole values in a pipe or a file; on a terminal,
/// columns hidden (never an id, a code or a name) rather than values cut; a cap that says how
/// many rows it left out.
@Suite("Tables people read")
struct TableResultWriterTests {
    static let columns = ["source_id", "name", "town_code", "status", "industry", "uscc", "lon", "lat"]
    static let rows: [[SQLValue]] = (1...5).map { i in
        [
            .text("GD000000\(i)"), .text("广州市白云区某某化工有限公司第\(i)分厂"), .text("440111001"), .text("unlicensed"), .text("2614"),
            .text("91440111MA5CXXXX0\(i)"), .real([113.201, 113.202, 113.203, 113.204, 113.205][i - 1]), .real(23.1),
        ]
    }

    func render(_ layout: TableResultWriter.Layout, showing: Int? = nil) throws -> String {
        var bytes: [UInt8] = []
        let writer = TableResultWriter(sink: ByteSink { bytes.append(contentsOf: $0) }, layout: layout, showing: showing)
        try writer.begin(columns: Self.columns, geometryColumn: nil)
        for row in Self.rows { try writer.row(row, geometry: nil) }
        try writer.end()
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aPipeOrAFileGetsEveryValueWhole() throws {
        let text = try render(.full)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true).map(String.init) == Self.columns)
        #expect(lines[2].contains("GD0000001  广州市白云区某某化工有限公司第1分厂  440111001  unlicensed  2614"))
        #expect(lines[2].hasSuffix("113.201  23.1"))
        #expect(!text.contains("…"))
        #expect(lines.last == "(5 rows)")
    }

    @Test func aTerminalHidesTheLeastUsefulColumnsAndSaysWhich() throws {
        let text = try render(.fit(width: 72))
        let lines = text.split(separator: "\n").map(String.init)
        // Positions and the register code go first, then the industry; the status stays.
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true).map(String.init) == ["source_id", "name", "town_code", "status"])
        #expect(lines.dropLast().allSatisfy { TextTable.displayWidth($0) <= 72 }, "\(text)")
        #expect(lines[2].contains("广州市白云区某某化工有限公司第1分厂"), "a name is never cut")
        #expect(lines.last == "(hidden to fit 72 columns: industry, uscc, lon, lat; a wider terminal, --output FILE or --format csv shows them)")
        // Too narrow even for the id and the name: they are shown whole all the same.
        let narrow = try render(.fit(width: 30)).split(separator: "\n").map(String.init)
        #expect(narrow[0].split(separator: " ", omittingEmptySubsequences: true).map(String.init) == ["source_id", "name"])
        #expect(narrow[2].contains("GD0000001  广州市白云区某某化工有限公司第1分厂"))
    }

    @Test func aCapCountsTheRowsItLeavesOut() throws {
        let text = try render(.full, showing: 2)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 + 2 + 1)
        #expect(lines.last == "(2 of 5 rows shown; --limit N shows more, --format csv every row)")
        #expect(try render(.full, showing: 5).hasSuffix("(5 rows)\n"))
    }

    /// The command: piped (as in the tests) a table is whole, and the default cap of 500 says
    /// how many rows matched.
    @Test func theQueryCommandCapsAt500AndCountsEveryRow() throws {
        let province = try SharedProvince.load()
        let all = try CLI.run(["query", "sources", "--format", "csv", "--db", province.path])
        let matched = String(decoding: all.out, as: UTF8.self).split(separator: "\r\n").count - 1
        #expect(matched > 500)
        let table = try CLI.run(["query", "sources", "--db", province.path])
        #expect(table.status == 0, "\(table.err)")
        let text = String(decoding: table.out, as: UTF8.self)
        #expect(text.hasSuffix("(500 of \(TableCount.grouped(matched)) rows shown; --limit N shows more, --format csv every row)\n"), "\(text.suffix(200))")
        #expect(!text.contains("…"))
    }
}

/// Thousands grouped as the table's footer writes them.
enum TableCount {
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
