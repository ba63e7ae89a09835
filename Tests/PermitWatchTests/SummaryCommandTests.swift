import Enforcement
import Foundation
import PermitWatch
import Store
import TestSupport
import Testing

/// `permitwatch summary --area CODE --output FILE`: the rows of one area, written to a file.
@Suite("Summary narrowed to an area")
struct SummaryCommandTests {
    @Test func anAreaKeepsItsOwnRowsAndTheFileHoldsThem() throws {
        let province = try SharedProvince.load()
        let directory = try SharedProvince.scratchDirectory("summary-area")
        let towns = try province.store.summary(by: .area(.town))
        let town = try #require(towns.first { $0.code != "unassigned" && $0.total > 0 })
        let parents = Dictionary(uniqueKeysWithValues: try province.store.fetchAreaParents(level: .town).map { ($0.code, $0.parent) })
        let county = try #require(parents[town.code] ?? nil)
        let expected = towns.filter { parents[$0.code] == county }

        // The towns of one county, and nothing else: no unassigned row, nothing on stdout.
        let file = directory.appendingPathComponent("towns.csv").path
        let result = try CLI.run(["summary", "--by", "town", "--area", county, "--format", "csv", "--output", file, "--db", province.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.isEmpty)
        #expect(result.err.contains("wrote town summary to \(file)"))
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written == StatusTableFormatter.render(expected, as: .csv))
        #expect(!written.contains("unassigned"))

        // A coarser level: the one prefecture that contains the county.
        let prefectures = try province.store.summary(by: .area(.prefecture))
        let countyParents = Dictionary(uniqueKeysWithValues: try province.store.fetchAreaParents(level: .county).map { ($0.code, $0.parent) })
        let prefecture = try #require(countyParents[county] ?? nil)
        let up = try SourceSummary(store: province.store).run(by: .prefecture, within: county)
        #expect(up == prefectures.filter { $0.code == prefecture })
    }
}
