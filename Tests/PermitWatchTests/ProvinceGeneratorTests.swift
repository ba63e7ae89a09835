import Enforcement
import Foundation
import ProvinceGenerator
import Testing
import TestSupport

/// The generated files of the shared small province (`SharedProvince`: 3,000 touched sources,
/// 2 km pixels), which the tests here only read, and scratch directories of their own.
private enum SmallDataset {
    static var options: GeneratorOptions { SharedProvince.options }

    static func load() throws -> (directory: URL, summary: GeneratedDatasetSummary) {
        let province = try SharedProvince.load()
        return (province.dataset, province.summary)
    }

    static func scratchDirectory(_ name: String) throws -> URL { try SharedProvince.scratchDirectory("generator-\(name)") }
}

/// Rows of a generated CSV file (no quoted fields occur in the generated columns read here).
private func csvRows(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
        line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = lines.isEmpty ? [] : lines.removeFirst()
    return (header, lines)
}

private func features(_ url: URL) throws -> [[String: Any]] {
    let data = try Data(contentsOf: url)
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return (object?["features"] as? [[String: Any]]) ?? []
}

@Suite("ProvinceGenerator")
struct ProvinceGeneratorTests {
    /// Every file a generation writes.
    static let fileNames = [
        "prefectures.geojson", "counties.geojson", "towns.geojson", "grids.geojson", "sources.csv", "events.csv",
        "depots.csv", "dataset.json",
    ]

    @Test("the reference size reproduces Guangdong's 2020 figures exactly")
    func referencePlan() {
        let plan = ProvinceGenerator.plan(touched: 661_494)
        #expect(plan.permitted == 22_600)
        #expect(plan.registered == 385_800)
        #expect(plan.rectifying == 2_994)
        #expect(plan.special == 250_100)
        #expect(plan.unlicensed == 19_845)
        #expect(plan.total == 681_339)
        #expect(plan.count(of: .unlicensed) == 19_845)
        #expect(GeneratorOptions().sources == 661_494)
    }

    @Test("other sizes scale proportionally and still add up", arguments: [0, 1, 7, 999, 3_000, 100_000, 1_234_567])
    func scaledPlan(touched: Int) {
        let plan = SourcePlan(touched: touched)
        #expect(plan.permitted + plan.registered + plan.rectifying + plan.special == touched)
        let shares: [(Int, Double)] = [
            (plan.permitted, 22_600), (plan.registered, 385_800), (plan.rectifying, 2_994), (plan.special, 250_100),
        ]
        for (count, reference) in shares {
            let exact = Double(touched) * reference / 661_494
            #expect(abs(Double(count) - exact) < 1.0)
        }
        #expect(plan.unlicensed == Int((0.03 * Double(touched)).rounded()))
    }

    @Test("same options give byte-identical files; another seed does not")
    func determinism() throws {
        let first = try SmallDataset.load()
        let again = try SmallDataset.scratchDirectory("again")
        try ProvinceGenerator(options: SmallDataset.options).write(to: again)
        for name in Self.fileNames {
            let a = try Data(contentsOf: first.directory.appendingPathComponent(name))
            let b = try Data(contentsOf: again.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs")
            #expect(!a.isEmpty)
        }
        var other = SmallDataset.options
        other.seed = 7
        let elsewhere = try SmallDataset.scratchDirectory("other-seed")
        try ProvinceGenerator(options: other).write(to: elsewhere)
        let a = try Data(contentsOf: first.directory.appendingPathComponent("sources.csv"))
        let b = try Data(contentsOf: elsewhere.appendingPathComponent("sources.csv"))
        #expect(a != b)
        try? FileManager.default.removeItem(at: again)
        try? FileManager.default.removeItem(at: elsewhere)
    }

    @Test("statuses in sources.csv match the plan exactly")
    func statusCounts() throws {
        let (directory, summary) = try SmallDataset.load()
        let plan = SourcePlan(touched: SmallDataset.options.sources)
        let (header, rows) = try csvRows(directory.appendingPathComponent("sources.csv"))
        #expect(header == ["source_id", "name", "uscc", "industry", "category", "status", "status_date", "deadline", "lon", "lat"])
        #expect(rows.count == plan.total)
        for status in SourceStatus.allCases {
            let n = rows.filter { $0[5] == status.rawValue }.count
            #expect(n == plan.count(of: status), "\(status)")
            #expect(summary.sourcesByStatus[status] == plan.count(of: status))
        }
        for row in rows {
            switch row[5] {
            case "permitted": #expect(row[4] == "key" || row[4] == "simplified")
            case "registered": #expect(row[4] == "registration")
            default: #expect(row[4].isEmpty)
            }
            #expect((row[5] == "rectifying") == !row[7].isEmpty)
        }
    }

    @Test("USCC check characters are valid except the deliberate ones")
    func usccChecks() throws {
        let (directory, _) = try SmallDataset.load()
        let plan = SourcePlan(touched: SmallDataset.options.sources)
        let (_, rows) = try csvRows(directory.appendingPathComponent("sources.csv"))
        var empty = 0
        var wrong = 0
        var malformed = 0
        for row in rows {
            let code = row[2]
            if code.isEmpty {
                empty += 1
                continue
            }
            switch USCC.verify(code) {
            case .valid: break
            case .wrongCheckCharacter: wrong += 1
            case .malformed: malformed += 1
            }
        }
        #expect(malformed == 0)
        #expect(empty == plan.withoutUSCC)
        #expect(wrong == plan.wrongCheckCharacter)
        let codes = rows.map { $0[2] }.filter { !$0.isEmpty }
        #expect(Set(codes).count == codes.count, "USCCs must be unique")
    }

    @Test("area codes nest prefecture → county → town → grid")
    func hierarchyNests() throws {
        let (directory, summary) = try SmallDataset.load()
        let files = ["prefectures", "counties", "towns", "grids"]
        let lengths = [4, 6, 9, 12]
        var previous: Set<String> = []
        var counts: [Int] = []
        for (level, file) in files.enumerated() {
            let list = try features(directory.appendingPathComponent(file + ".geojson"))
            counts.append(list.count)
            var codes: Set<String> = []
            var usedParents: Set<String> = []
            for feature in list {
                let properties = feature["properties"] as? [String: Any] ?? [:]
                let code = properties["code"] as? String ?? ""
                #expect(code.count == lengths[level], "\(file) code \(code)")
                #expect(!(properties["name"] as? String ?? "").isEmpty)
                #expect(codes.insert(code).inserted, "duplicate \(code)")
                let geometry = feature["geometry"] as? [String: Any] ?? [:]
                #expect(geometry["type"] as? String == "MultiPolygon")
                if level > 0 {
                    let parent = properties["parent"] as? String ?? ""
                    #expect(previous.contains(parent), "\(code) has unknown parent \(parent)")
                    #expect(code.hasPrefix(parent))
                    usedParents.insert(parent)
                }
                if level == 3 {
                    #expect(!(properties["officer"] as? String ?? "").isEmpty)
                    #expect((properties["officer_phone"] as? String ?? "").count == 11)
                }
            }
            if level > 0 { #expect(usedParents == previous, "every \(files[level - 1]) area has children") }
            previous = codes
        }
        #expect(counts == [summary.prefectures, summary.counties, summary.towns, summary.grids])
        #expect(counts[0] == 21)
        #expect(counts[1] > 100)
        #expect(counts[2] > 1_000)
    }

    @Test("replaying events.csv reproduces the state at 2020-12-31")
    func historyReplays() throws {
        let (directory, summary) = try SmallDataset.load()
        let (header, events) = try csvRows(directory.appendingPathComponent("events.csv"))
        #expect(header == ["source_id", "date", "kind", "status", "deadline"])
        #expect(events.count == summary.events)
        let kinds = Set(EventKind.allCases.map(\.rawValue))
        var state: [String: (status: String, date: String, deadline: String)] = [:]
        var previous = ("", "")
        for event in events {
            #expect(event.count == 5)
            #expect(kinds.contains(event[2]))
            #expect((event[2] == "inspected") == event[3].isEmpty)
            #expect((event[2] == "notice_issued") == !event[4].isEmpty)
            #expect((event[1], event[0]) >= previous, "events out of order at \(event)")
            previous = (event[1], event[0])
            if !event[3].isEmpty && event[1] <= "2020-12-31" {
                state[event[0]] = (event[3], event[1], event[4])
            }
        }
        let (_, sources) = try csvRows(directory.appendingPathComponent("sources.csv"))
        for source in sources {
            let replayed = state[source[0]]
            #expect(replayed?.status == source[5], "\(source[0])")
            #expect(replayed?.date == source[6], "\(source[0])")
            if source[5] == "rectifying" { #expect(replayed?.deadline == source[7]) }
        }
    }

    @Test("a symbolic link among the files is written through and stays a link; a regular file is replaced whole")
    func writesThroughLinksAndReplacesFilesWhole() throws {
        let fm = FileManager.default
        let directory = try SmallDataset.scratchDirectory("links")
        let elsewhere = try SmallDataset.scratchDirectory("link-target")
        let target = elsewhere.appendingPathComponent("kept-sources.csv")
        try "old sources\n".write(to: target, atomically: false, encoding: .utf8)
        let link = directory.appendingPathComponent("sources.csv")
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        // A second name for the old events.csv stands for a reader holding the old file open: it
        // must keep the old contents whole, which rewriting the file in place would not.
        let events = directory.appendingPathComponent("events.csv")
        try "old events\n".write(to: events, atomically: false, encoding: .utf8)
        let heldByAReader = directory.appendingPathComponent("old-events.csv")
        try fm.linkItem(at: events, to: heldByAReader)

        try ProvinceGenerator(options: SmallDataset.options).write(to: directory)

        let reference = try SmallDataset.load().directory
        #expect(try fm.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try Data(contentsOf: target) == Data(contentsOf: reference.appendingPathComponent("sources.csv")))
        #expect(try Data(contentsOf: events) == Data(contentsOf: reference.appendingPathComponent("events.csv")))
        #expect(try String(contentsOf: heldByAReader, encoding: .utf8) == "old events\n")
        // No temporary file is left beside the dataset.
        let written = try Set(fm.contentsOfDirectory(atPath: directory.path))
        #expect(written == Set(Self.fileNames + ["old-events.csv"]))
        try? fm.removeItem(at: directory)
        try? fm.removeItem(at: elsewhere)
    }

    @Test(
        "a file that cannot be written is a cannotWrite error naming it",
        .enabled(if: ReadOnlyDirectory.canBeMade, "a read-only directory cannot be made here (root without mount)"))
    func unwritableFileIsAGeneratorError() throws {
        let locked = try ReadOnlyDirectory(SmallDataset.scratchDirectory("read-only").path)
        defer { locked.remove() }
        let error = try #require(throws: GeneratorError.self) {
            try ProvinceGenerator(options: SmallDataset.options).write(to: URL(fileURLWithPath: locked.path))
        }
        guard case .cannotWrite(let path, let reason) = error else {
            Issue.record("expected cannotWrite, got \(error)")
            return
        }
        // The area files are written first, the prefectures' reported first among them.
        #expect(path == locked.path + "/prefectures.geojson")
        #expect(reason == "Read-only file system" || reason == "Permission denied")
    }

    @Test("options outside the supported ranges are rejected with a message naming them")
    func invalidOptions() throws {
        let directory = try SmallDataset.scratchDirectory("invalid")
        #expect(throws: GeneratorError.self) {
            try ProvinceGenerator(options: GeneratorOptions(sources: -1)).write(to: directory)
        }
        #expect(throws: GeneratorError.self) {
            try ProvinceGenerator(options: GeneratorOptions(pixelSize: 10)).write(to: directory)
        }
        #expect(throws: GeneratorError.self) {
            try ProvinceGenerator(options: GeneratorOptions(pixelSize: .nan)).write(to: directory)
        }
    }
}
