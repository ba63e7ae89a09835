import Enforcement
import Foundation
import GeoKit
import Store

/// The weekly report of unlicensed sources by grid: one replay of the status history up to
/// the end of an ISO week (`WeeklyTally`), laid out by grid with the areas' names, officers,
/// totals by town, county and prefecture, a trend, the overdue notices and hot-spot bins.
///
/// Only events up to the end of the week are read, so a past week gives the same report
/// whatever was ingested since. Hot-spot bins come from the latest stored run, which is not
/// dated: they are the one part of the report that follows the latest analysis.
public struct WeeklyReport: Sendable {
    public enum Grid: Sendable, Equatable, CustomStringConvertible {
        case admin
        case square(size: Int)

        /// `admin` or `square:SIZE` (whole metres); errors name the parameter.
        public init(parsing text: String) throws {
            if text == "admin" {
                self = .admin
            } else if text.hasPrefix("square:"), let size = Int(text.dropFirst(7)), size > 0, size <= 1_000_000 {
                self = .square(size: size)
            } else {
                throw AnalyticsError.parameter("grid", "grid \(text): expected admin or square:METRES (e.g. square:1000)")
            }
        }

        public var description: String {
            switch self {
            case .admin: "admin"
            case .square(let size): "square:\(size)"
            }
        }
    }

    public struct Options: Sendable, Equatable {
        /// The week; nil for the last complete week of the data.
        public var week: ReportWeek?
        public var grid = Grid.admin
        public var area: String?
        public var inspectionWeeks = 4
        /// Whether to read the grid polygons (GeoJSON, HTML).
        public var outlines = false

        public init() {}

        /// Options from their text forms, as the CLI and the HTTP API take them.
        public init(week: String?, grid: String?, area: String?, inspectionWeeks: Int?) throws {
            if let week {
                guard let parsed = ReportWeek(parsing: week) else {
                    throw AnalyticsError.parameter("week", "week \(week): expected an ISO week such as 2020-W40")
                }
                self.week = parsed
            }
            if let grid { self.grid = try Grid(parsing: grid) }
            self.area = area?.isEmpty == true ? nil : area
            if let inspectionWeeks {
                guard (1...104).contains(inspectionWeeks) else {
                    throw AnalyticsError.parameter("inspection-weeks", "inspection weeks \(inspectionWeeks): expected 1 to 104")
                }
                self.inspectionWeeks = inspectionWeeks
            }
        }
    }

    let store: any EnforcementStore

    public init(store: any EnforcementStore) { self.store = store }

    /// The last complete week of the data (of its latest event); nil without events.
    public func defaultWeek() throws -> ReportWeek? {
        try store.latestEventDate().flatMap(CivilDay.number(iso:)).map(ReportWeek.lastComplete(on:))
    }

    public func run(_ options: Options) throws -> WeeklyReportResult {
        guard let week = try options.week ?? defaultWeek() else {
            throw AnalyticsError.invalid("the database holds no events: the weekly report is computed from the status history")
        }
        let directory = AreaDirectory(try store.fetchAreaDirectory())
        if let area = options.area, directory.level(of: area) == nil {
            throw AnalyticsError.parameter("area", "area \(area): no prefecture, county, town or grid has this code")
        }
        let history = try store.fetchReportHistory(through: week.sundayText, area: options.area)

        // Rows: the area's administrative grids, or the occupied square cells.
        var rowCodes: [String]
        var rowOfSource: [Int32]
        var squareCells: [(x: Int, y: Int)] = []
        switch options.grid {
        case .admin:
            let (codes, groupOfSource) = groups(directory.descendants(of: options.area, level: .grid), history.gridCodes, in: history)
            rowCodes = codes
            rowOfSource = groupOfSource
        case .square(let size):
            let metres = Double(size)
            let keys = history.projected.map { (x: Int(($0.x / metres).rounded(.down)), y: Int(($0.y / metres).rounded(.down))) }
            var unique: [Int64: (x: Int, y: Int)] = [:]
            for key in keys { unique[Int64(key.x) << 32 | Int64(UInt32(truncatingIfNeeded: key.y))] = key }
            squareCells = unique.values.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
            rowCodes = squareCells.map { "\($0.x)_\($0.y)" }
            var rowIndex: [Int64: Int32] = [:]
            for (i, cell) in squareCells.enumerated() { rowIndex[Int64(cell.x) << 32 | Int64(UInt32(truncatingIfNeeded: cell.y))] = Int32(i) }
            rowOfSource = keys.map { rowIndex[Int64($0.x) << 32 | Int64(UInt32(truncatingIfNeeded: $0.y))]! }
        }

        // Totals by the sources' own town, county and prefecture.
        func grouping(_ level: AreaLevel, _ codesOfSources: [Int32]) -> (codes: [String], grouping: WeeklyTally.Grouping) {
            var codes = directory.descendants(of: options.area, level: level)
            if let area = options.area, directory.level(of: area) == level { codes = [area] }
            let (sorted, groupOfSource) = groups(codes, codesOfSources, in: history)
            return (sorted, WeeklyTally.Grouping(groupOfSource: groupOfSource, groupCount: sorted.count))
        }
        let towns = grouping(.town, history.townCodes)
        let counties = grouping(.county, history.countyCodes)
        let prefectures = grouping(.prefecture, history.prefectureCodes)
        let tally = WeeklyTally(weekStart: week.monday, inspectionWeeks: options.inspectionWeeks).run(
            history.history,
            groupings: [WeeklyTally.Grouping(groupOfSource: rowOfSource, groupCount: rowCodes.count), towns.grouping, counties.grouping, prefectures.grouping])

        let bins = try hotspotBins(for: options.grid)
        var rows: [WeeklyReportRow] = []
        rows.reserveCapacity(rowCodes.count)
        // A square cell is named after the town most of its sources are in (ties: lowest code).
        var cellTowns: [String?] = []
        if case .square = options.grid {
            var votes = [[String: Int]](repeating: [:], count: rowCodes.count)
            for (s, row) in rowOfSource.enumerated() { if let town = history.code(history.townCodes[s]) { votes[Int(row)][town, default: 0] += 1 } }
            cellTowns = votes.map { $0.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
        }
        for (i, code) in rowCodes.enumerated() {
            let grid = options.grid == .admin ? directory.entry(.grid, code) : nil
            let townCode = options.grid == .admin ? grid?.parentCode : cellTowns[i]
            let town = townCode.flatMap { directory.entry(.town, $0) }
            let county = town?.parentCode.flatMap { directory.entry(.county, $0) }
            let prefecture = county?.parentCode.flatMap { directory.entry(.prefecture, $0) }
            rows.append(WeeklyReportRow(
                code: code, name: grid?.name ?? "", townCode: townCode, townName: town?.name, countyCode: county?.code ?? town?.parentCode,
                countyName: county?.name, prefectureCode: prefecture?.code ?? county?.parentCode, prefectureName: prefecture?.name,
                officer: grid?.officer, figures: tally.groups[0][i], hotspotBin: bins.map { $0.bins[code] ?? 0 }))
        }
        func totals(_ level: AreaLevel, _ codes: [String], _ figures: [WeeklyFigures]) -> [WeeklyReportTotal] {
            codes.indices.map { i in
                let entry = directory.entry(level, codes[i])
                return WeeklyReportTotal(level: level.rawValue, code: codes[i], name: entry?.name ?? "", parentCode: entry?.parentCode, figures: figures[i])
            }
        }

        let overdueIDs = tally.overdue.map { history.sourceIDs[Int($0.source)] }
        let names = try store.fetchSourceNames(overdueIDs)
        let overdue = tally.overdue.map { item in
            let s = Int(item.source)
            let grid = history.code(history.gridCodes[s])
            return OverdueRectification(
                sourceID: history.sourceIDs[s], name: names[history.sourceIDs[s]] ?? "", gridCode: grid,
                gridName: grid.flatMap { directory.entry(.grid, $0)?.name },
                townName: history.code(history.townCodes[s]).flatMap { directory.entry(.town, $0)?.name },
                deadline: CivilDay.iso(item.deadline), daysOverdue: item.daysOverdue)
        }.sorted { ($0.daysOverdue, $1.sourceID) > ($1.daysOverdue, $0.sourceID) }

        var outlines: [MultiPolygon]?
        if options.outlines {
            switch options.grid {
            case .admin:
                let found = try store.fetchAreaOutlines(level: .grid, codes: rowCodes)
                outlines = rowCodes.map { found[$0] ?? MultiPolygon(polygons: []) }
            case .square(let size):
                outlines = SquareGrid(cellSize: Double(size)).outlines(ofCells: squareCells).map { MultiPolygon(polygons: [$0]) }
            }
        }
        let areaEntry = options.area.flatMap { directory.anyEntry($0) }
        return WeeklyReportResult(
            week: week, grid: options.grid.description, area: options.area, areaName: areaEntry?.name, inspectionWeeks: options.inspectionWeeks,
            rows: rows, outlines: outlines, towns: totals(.town, towns.codes, tally.groups[1]),
            counties: totals(.county, counties.codes, tally.groups[2]), prefectures: totals(.prefecture, prefectures.codes, tally.groups[3]),
            total: WeeklyReportTotal(
                level: areaEntry?.level.rawValue ?? "province", code: options.area ?? "", name: areaEntry?.name ?? "", parentCode: nil, figures: tally.total),
            trend: tally.trend.map {
                WeeklyTrendPoint(week: ReportWeek(containing: $0.weekStart).description, unlicensed: $0.unlicensed, found: $0.found, resolved: $0.resolved, noticed: $0.noticed)
            },
            overdue: overdue, hotspotRun: bins?.runID, inspectionsRecorded: tally.inspectionsRecorded)
    }

    /// The groups of one level: `listed` (the area's own areas of that level, with or without
    /// sources) and every code the sources carry, in code order; and each source's group.
    private func groups(_ listed: [String], _ codesOfSources: [Int32], in history: ReportHistory) -> (codes: [String], groupOfSource: [Int32]) {
        var used = [Bool](repeating: false, count: history.codes.count)
        for code in codesOfSources where code >= 0 { used[Int(code)] = true }
        var codes = Set(listed)
        for (index, isUsed) in used.enumerated() where isUsed { codes.insert(history.codes[index]) }
        let sorted = codes.sorted()
        let groupOfCode = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        let groupOfCodeIndex = history.codes.map { groupOfCode[$0] ?? -1 }
        return (sorted, codesOfSources.map { $0 < 0 ? -1 : groupOfCodeIndex[Int($0)] })
    }

    /// The latest hot-spot run's bins when it was run on the report's grid.
    private func hotspotBins(for grid: Grid) throws -> HotspotBins? {
        // The bins are read only when the latest run was on this grid.
        guard let run = try store.latestRun(kind: "hotspots"),
              let parameters = try? JSONParser().parse(Array(run.parameters.utf8)), parameters["grid"]?.stringValue == grid.description
        else { return nil }
        return try store.fetchHotspotBins(run: run)
    }
}
