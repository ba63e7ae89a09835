import Enforcement
import FileWriting
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// The weekly report on a small generated province, checked against a plain replay of the raw
/// events written here, independently of the report's store reads and tally.
@Suite("Weekly report", .serialized)
struct WeeklyReportTests {
    /// The shared province, read-only, and a directory of the suite's own for its files.
    final class Province: Sendable {
        static let shared: Result<Province, any Error> = Result { try Province() }
        let path: String
        let database: SpatialDatabase
        let directory: URL

        private init() throws {
            let shared = try SharedProvince.load()
            path = shared.path
            database = shared.store
            directory = try SharedProvince.scratchDirectory("report")
        }
    }

    var province: Province { get throws { try Province.shared.get() } }

    /// Every week of 2020 by its Monday.
    static let weeks2020: [(name: String, monday: Date)] = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return (1...53).map { week in
            let name = "2020-W\(week < 10 ? "0" : "")\(week)"
            let monday = calendar.date(from: DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: 2020))!
            return (name, monday)
        }
    }()

    @Test func everyRowMatchesAnIndependentReplayOfTheRawEvents() throws {
        let province = try province
        let replay = try IndependentReplay(province.database)
        #expect(replay.inspections > 0, "the sample has no inspections: the uninspected figure would not be tested")
        let report = WeeklyReport(store: province.database)
        var checkedRows = 0, rowsWithNews = 0
        for (name, monday) in Self.weeks2020 {
            var options = try WeeklyReport.Options(week: name, grid: "admin", area: nil, inspectionWeeks: 4)
            options.outlines = false
            let result = try report.run(options)
            #expect(result.week.description == name)
            let expected = replay.figures(monday: monday, inspectionWeeks: 4, group: \.grid)
            for row in result.rows {
                let want = expected[row.code] ?? IndependentReplay.Figures()
                let got = row.figures
                let same = got.unlicensed == want.unlicensed && got.unlicensedPrevious == want.unlicensedPrevious && got.found == want.found
                    && got.resolvedPermitted == want.permitted && got.resolvedRegistered == want.registered && got.resolvedClosed == want.closed
                    && got.noticed == want.noticed && got.rectifying == want.rectifying && got.overdue == want.overdue
                    && got.oldestOverdueDays == want.oldestOverdue && got.uninspected == want.uninspected && got.sources == want.sources
                #expect(same, "\(name) grid \(row.code): report \(got) but the raw events give \(want)")
                checkedRows += 1
                if want.found + want.permitted + want.registered + want.closed + want.noticed > 0 { rowsWithNews += 1 }
            }
            // Every grid of the replay is a row.
            #expect(Set(expected.keys).isSubset(of: Set(result.rows.map(\.code))), "\(name): grids missing from the report")
            // Prefecture totals by the sources' own prefecture.
            let prefectures = replay.figures(monday: monday, inspectionWeeks: 4, group: \.prefecture)
            for total in result.prefectures {
                let want = prefectures[total.code] ?? IndependentReplay.Figures()
                #expect(total.figures.unlicensed == want.unlicensed && total.figures.found == want.found && total.figures.overdue == want.overdue,
                        "\(name) prefecture \(total.code): \(total.figures) vs \(want)")
            }
            let all = replay.figures(monday: monday, inspectionWeeks: 4, group: { _ in "all" })["all"] ?? IndependentReplay.Figures()
            #expect(result.total.figures.unlicensed == all.unlicensed && result.total.figures.found == all.found
                    && result.total.figures.resolved == all.permitted + all.registered + all.closed, "\(name) total")
            #expect(result.trend.last?.unlicensed == all.unlicensed && result.trend.last?.found == all.found, "\(name) trend's last week")
        }
        #expect(checkedRows > 1000)
        #expect(rowsWithNews > 100, "too few grid-weeks with any change for the check to mean much (\(rowsWithNews))")
    }

    @Test func flowsReconcileWithTheChangeForEveryGridAndWeekOf2020() throws {
        let province = try province
        let report = WeeklyReport(store: province.database)
        var previous: [String: Int]?
        var nonZeroChanges = 0
        for (name, _) in Self.weeks2020 {
            let result = try report.run(try WeeklyReport.Options(week: name, grid: nil, area: nil, inspectionWeeks: nil))
            for row in result.rows {
                let f = row.figures
                #expect(f.netChange == f.found - f.resolved - f.noticed, "\(name) \(row.code): change \(f.netChange) but found \(f.found), resolved \(f.resolved), noticed \(f.noticed)")
                if let previous { #expect(f.unlicensedPrevious == previous[row.code], "\(name) \(row.code): last week's count differs") }
                if f.netChange != 0 { nonZeroChanges += 1 }
            }
            // Towns, counties and prefectures add up to the whole.
            for level in [result.towns, result.counties, result.prefectures] {
                #expect(level.map(\.figures.unlicensed).reduce(0, +) <= result.total.figures.unlicensed)
                #expect(level.map(\.figures.netChange).reduce(0, +) == level.map { $0.figures.found - $0.figures.resolved - $0.figures.noticed }.reduce(0, +))
            }
            previous = Dictionary(uniqueKeysWithValues: result.rows.map { ($0.code, $0.figures.unlicensed) })
        }
        #expect(nonZeroChanges > 50)
    }

    @Test func aPastWeekIsTheSameAfterLaterEventsAndSnapshotsAreIngested() throws {
        // A database of its own: this test writes.
        let province = try province
        let copy = try SharedProvince.load().copy("later").path
        let database = try SpatialDatabase(path: copy)
        func render(_ week: String, _ format: WeeklyReportFormat) throws -> [UInt8] {
            var options = try WeeklyReport.Options(week: week, grid: "admin", area: nil, inspectionWeeks: 4)
            options.outlines = format.needsOutlines
            let result = try WeeklyReport(store: database).run(options)
            var bytes: [UInt8] = []
            try format.write(result, to: ByteSink { bytes.append(contentsOf: $0) })
            return bytes
        }
        let before = try WeeklyReportFormat.allCases.map { try render("2020-W40", $0) }
        let lastBefore = try render("2020-W53", .csv)

        // Later events: every unlicensed source permitted in January 2021, and a snapshot that
        // lists only a few sources (the others become removed on its date).
        let sources = try database.fetchSources().filter { $0.removedOn == nil }
        var events = "source_id,date,kind,status,deadline\n"
        for source in sources where source.status == .unlicensed { events += "\(source.sourceID),2021-01-05,permitted,permitted,\n" }
        let eventsFile = province.directory.appendingPathComponent("later-events.csv")
        try events.write(to: eventsFile, atomically: true, encoding: .utf8)
        _ = try EventIngest(database: database, logger: quietLogger).run(file: eventsFile.path)
        var snapshot = "source_id,name,lon,lat,status\n"
        for source in sources.prefix(20) { snapshot += "\(source.sourceID),\"\(source.name.replacingOccurrences(of: "\"", with: "\"\""))\",\(source.location.x),\(source.location.y),unlicensed\n" }
        let snapshotFile = province.directory.appendingPathComponent("later-snapshot.csv")
        try snapshot.write(to: snapshotFile, atomically: true, encoding: .utf8)
        var options = SourceIngest.Options()
        options.asOf = "2021-01-12"
        _ = try SourceIngest(database: database, logger: quietLogger).run(file: snapshotFile.path, options: options)

        let after = try WeeklyReportFormat.allCases.map { try render("2020-W40", $0) }
        for (k, format) in WeeklyReportFormat.allCases.enumerated() {
            #expect(before[k] == after[k], "2020-W40 as \(format) changed after later ingests")
        }
        #expect(try render("2020-W53", .csv) == lastBefore)
        // The later weeks do see the new events: the check above could fail.
        let january = try WeeklyReport(store: database).run(try WeeklyReport.Options(week: "2021-W02", grid: nil, area: nil, inspectionWeeks: nil))
        #expect(january.total.figures.unlicensed == 20)
        #expect(january.total.figures.sources == 20)
        let defaultWeek = try WeeklyReport(store: database).defaultWeek()
        #expect(defaultWeek?.description == "2021-W01", "the last complete week before 2021-01-12 (a Tuesday)")
    }

    @Test func outputsCarryTheRowsAndAnAreaNarrowsThem() throws {
        let province = try province
        let report = WeeklyReport(store: province.database)
        var options = try WeeklyReport.Options(week: "2020-W40", grid: "admin", area: nil, inspectionWeeks: 4)
        options.outlines = true
        let whole = try report.run(options)
        var csv: [UInt8] = []
        try WeeklyReportFormat.csv.write(whole, to: ByteSink { csv.append(contentsOf: $0) })
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.first.map(String.init) == WeeklyReportResult.columns.joined(separator: ","))
        #expect(lines.count == whole.rows.count + 1)
        var geojson: [UInt8] = []
        try WeeklyReportFormat.geojson.write(whole, to: ByteSink { geojson.append(contentsOf: $0) })
        let features = try JSONParser().parse(geojson)["features"]?.arrayValue ?? []
        #expect(features.count == whole.rows.count)
        #expect(features.first?["geometry"]?["type"]?.stringValue == "MultiPolygon")
        var html: [UInt8] = []
        try WeeklyReportFormat.html.write(whole, to: ByteSink { html.append(contentsOf: $0) })
        let page = String(decoding: html, as: UTF8.self)
        #expect(page.components(separatedBy: "<path class=").count - 1 == whole.rows.count, "one SVG shape per grid")
        #expect(!page.contains("src=") && !page.contains("<link") && !page.contains("url("), "no external asset")
        // The headline is the count at the end of the reported week, and says so (not "now").
        #expect(page.contains("<div>Unlicensed at the end of 2020-W40<b>\(whole.total.figures.unlicensed)</b></div>"))
        #expect(!page.contains("now"))

        let prefecture = try #require(whole.prefecturesByUnlicensed.first)
        var narrowed = options
        narrowed.area = prefecture.code
        let one = try report.run(narrowed)
        #expect(one.total.figures == prefecture.figures)
        #expect(Set(one.rows.map(\.code)).isSubset(of: Set(whole.rows.map(\.code))))
        #expect(one.rows.allSatisfy { $0.prefectureCode == prefecture.code })
        let narrowedSum: Int = one.rows.map(\.figures.unlicensed).reduce(0, +)
        let wholeRows: [WeeklyReportRow] = whole.rows.filter { $0.prefectureCode == prefecture.code }
        let wholeSum: Int = wholeRows.map(\.figures.unlicensed).reduce(0, +)
        #expect(narrowedSum == wholeSum)

        var square = options
        square.grid = .square(size: 5000)
        let cells = try report.run(square)
        #expect(cells.total.figures == whole.total.figures)
        #expect(cells.rows.allSatisfy { $0.code.contains("_") })
        #expect(throws: ParameterError("week", "2020-W54", "expected an ISO week such as 2020-W40")) {
            try WeeklyReport.Options(week: "2020-W54", grid: nil, area: nil, inspectionWeeks: nil)
        }
        #expect(throws: ParameterError("grid", "hex:10", "expected admin or square:METRES (e.g. square:1000)")) {
            try WeeklyReport.Options(week: nil, grid: "hex:10", area: nil, inspectionWeeks: nil)
        }
        var unknown = options
        unknown.area = "no-such-area"
        #expect(throws: ParameterError(
            "area", "no-such-area", "no prefecture, county, town or grid has this code; expected the code of a prefecture, county, town or grid in this database",
            kind: .rejected)) {
            try report.run(unknown)
        }
    }
}

extension WeeklyReportTests {
    @Test func theCommandWritesTheReportAndRefusesBadOptions() throws {
        let p = try province
        let file = p.directory.appendingPathComponent("week40.md")
        let md = try CLI.run(["report", "weekly", "--db", p.path, "--week", "2020-W40", "--format", "md", "--output", file.path])
        #expect(md.status == 0, "\(md.err)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("# Weekly report of unlicensed sources by grid — Province, 2020-W40"))
        #expect(text.contains("## Prefectures by unlicensed sources"))
        #expect(text.contains("- **Unlicensed at the end of 2020-W40: "))
        #expect(md.err.contains("2020-W40 Province:"))

        let csv = try CLI.run(["report", "weekly", "--db", p.path, "--week", "2020-W40"])
        #expect(csv.status == 0, "\(csv.err)")
        #expect(String(decoding: csv.out, as: UTF8.self).hasPrefix(WeeklyReportResult.columns.joined(separator: ",") + "\r\n"))
        // Without --week: the last complete week of the data (2020-12-31 is a Thursday).
        let latest = try CLI.run(["report", "weekly", "--db", p.path, "--format", "json"])
        #expect(try JSONParser().parse(Array(latest.out))["week"]?.stringValue == "2020-W52")

        let badWeek = try CLI.run(["report", "weekly", "--db", p.path, "--week", "2020-40"])
        #expect(badWeek.status != 0 && badWeek.err.contains("ISO week"), "\(badWeek.err)")
        let badArea = try CLI.run(["report", "weekly", "--db", p.path, "--area", "999999"])
        #expect(badArea.status == 2 && badArea.err.contains("area 999999"), "\(badArea.err)")
    }
}

/// The report's figures recomputed the plain way: every source's events in a list, the status
/// at a date found by walking them, dates compared as text and subtracted with Foundation.
struct IndependentReplay {
    struct Event { var date: String; var kind: String; var status: String?; var deadline: String? }
    struct Source { var grid: String; var prefecture: String; var events: [Event] }
    struct Figures: CustomStringConvertible {
        var sources = 0, unlicensed = 0, unlicensedPrevious = 0, found = 0, permitted = 0, registered = 0, closed = 0, noticed = 0
        var rectifying = 0, overdue = 0
        var oldestOverdue: Int?
        var uninspected: Int? = 0
        var description: String {
            "sources \(sources) unlicensed \(unlicensed) (prev \(unlicensedPrevious)) found \(found) permitted \(permitted) registered \(registered) closed \(closed) noticed \(noticed) rectifying \(rectifying) overdue \(overdue) oldest \(String(describing: oldestOverdue)) uninspected \(String(describing: uninspected))"
        }
    }

    var sources: [Source] = []
    var inspections = 0

    init(_ database: SpatialDatabase) throws {
        var byID: [String: Int] = [:]
        _ = try database.streamReadOnly(
            sql: "SELECT source_id, coalesce(grid_code, ''), coalesce(prefecture_code, '') FROM sources", arguments: [:], rowLimit: nil, timeLimit: 60,
            columns: { _ in }, row: { row in
                let values = row.values
                guard case .text(let id) = values[0], case .text(let grid) = values[1], case .text(let prefecture) = values[2] else { return }
                byID[id] = sources.count
                sources.append(Source(grid: grid, prefecture: prefecture, events: []))
            })
        var count = 0
        _ = try database.streamReadOnly(
            sql: "SELECT source_id, date, kind, status, deadline FROM events ORDER BY date, id", arguments: [:], rowLimit: nil, timeLimit: 60,
            columns: { _ in }, row: { row in
                let values = row.values
                guard case .text(let id) = values[0], let index = byID[id], case .text(let date) = values[1], case .text(let kind) = values[2] else { return }
                var status: String?, deadline: String?
                if case .text(let s) = values[3] { status = s }
                if case .text(let d) = values[4] { deadline = d }
                sources[index].events.append(Event(date: date, kind: kind, status: status, deadline: deadline))
                if kind == "inspected" { count += 1 }
            })
        inspections = count
    }

    /// Present, status and deadline after applying `events`.
    static func state(after events: ArraySlice<Event>) -> (present: Bool, status: String?, deadline: String?) {
        var present = false, status: String?, deadline: String?
        for e in events {
            if e.kind == "removed" { present = false } else if let s = e.status { present = true; status = s; deadline = s == "rectifying" ? e.deadline : nil }
        }
        return (present, status, deadline)
    }

    static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func days(from: String, to: String) -> Int {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return Int((formatter.date(from: to)!.timeIntervalSince(formatter.date(from: from)!) / 86_400).rounded())
    }

    func figures(monday: Date, inspectionWeeks: Int, group: (Source) -> String) -> [String: Figures] {
        let day: TimeInterval = 86_400
        let start = Self.text(monday), end = Self.text(monday + 6 * day), previousEnd = Self.text(monday - day)
        let inspectedFrom = Self.text(monday - Double(7 * (inspectionWeeks - 1)) * day)
        var result: [String: Figures] = [:]
        for source in sources {
            let key = group(source)
            guard !key.isEmpty else { continue }
            var f = result[key] ?? Figures()
            let upToEnd = source.events.prefix { $0.date <= end }
            let now = Self.state(after: upToEnd[...])
            let before = Self.state(after: source.events.prefix { $0.date <= previousEnd }[...])
            if now.present { f.sources += 1 }
            if now.present && now.status == "unlicensed" { f.unlicensed += 1 }
            if before.present && before.status == "unlicensed" { f.unlicensedPrevious += 1 }
            for k in upToEnd.indices where upToEnd[k].date >= start {
                let was = Self.state(after: upToEnd[..<k]), after = Self.state(after: upToEnd[...k])
                let wasUnlicensed = was.present && was.status == "unlicensed", isUnlicensed = after.present && after.status == "unlicensed"
                guard wasUnlicensed != isUnlicensed else { continue }
                if isUnlicensed { f.found += 1 }
                else if !after.present { f.closed += 1 }
                else if after.status == "permitted" { f.permitted += 1 }
                else if after.status == "registered" { f.registered += 1 }
                else if after.status == "rectifying" { f.noticed += 1 }
                else { f.closed += 1 }
            }
            if now.present && now.status == "rectifying" {
                f.rectifying += 1
                if let deadline = now.deadline, deadline < end {
                    f.overdue += 1
                    f.oldestOverdue = max(f.oldestOverdue ?? 0, Self.days(from: deadline, to: end))
                }
            }
            let inspected = upToEnd.contains { $0.kind == "inspected" && $0.date >= inspectedFrom }
            if now.present && (now.status == "unlicensed" || now.status == "rectifying") && !inspected { f.uninspected! += 1 }
            result[key] = f
        }
        return result
    }
}
