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
    /// What the report reads: the register's history, the areas, the latest hot-spot run.
    public typealias Storage = RegisterAnalytics & SourceRegister & AreaStore & AnalysisRunStore & MetricCRSStore

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// The last complete week of the data (of its latest event); nil without events.
    public func defaultWeek() throws -> ReportWeek? {
        try store.latestEventDate().flatMap(CivilDay.number(iso:)).map(ReportWeek.lastComplete(on:))
    }

    public func run(_ options: Options) throws -> WeeklyReportResult {
        guard let week = try options.week ?? defaultWeek() else {
            throw Refusal("the database holds no events: the weekly report is computed from the status history")
        }
        try DataChecks.area(options.area, in: store)
        try DataChecks.week(week, in: store)
        let directory = AreaDirectory(try store.fetchAreaDirectory())
        let history = try store.fetchReportHistory(through: week.sundayText, area: options.area)
        let layout = rowLayout(options, directory: directory, history: history)

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
            groupings: [
                WeeklyTally.Grouping(groupOfSource: layout.rowOfSource, groupCount: layout.codes.count), towns.grouping, counties.grouping,
                prefectures.grouping,
            ])

        let bins = try hotspotBins(for: options.grid)
        let rows = gridRows(layout, figures: tally.groups[0], bins: bins, options: options, directory: directory, history: history)
        func totals(_ level: AreaLevel, _ codes: [String], _ figures: [WeeklyFigures]) -> [WeeklyReportTotal] {
            codes.indices.map { i in
                let entry = directory.entry(level, codes[i])
                return WeeklyReportTotal(level: level.rawValue, code: codes[i], name: entry?.name ?? "", parentCode: entry?.parentCode, figures: figures[i])
            }
        }
        let areaEntry = options.area.flatMap { directory.anyEntry($0) }
        let metricCRS = options.outlines ? try store.metricCRSForReading() : nil
        var result = WeeklyReportResult(
            week: week, grid: options.grid.description, area: options.area, areaName: areaEntry?.name, inspectionWeeks: options.inspectionWeeks,
            rows: rows, outlines: options.outlines ? try outlines(layout, grid: options.grid, metricCRS: metricCRS) : nil,
            towns: totals(.town, towns.codes, tally.groups[1]),
            counties: totals(.county, counties.codes, tally.groups[2]), prefectures: totals(.prefecture, prefectures.codes, tally.groups[3]),
            total: WeeklyReportTotal(
                level: areaEntry?.level.rawValue ?? "province", code: options.area ?? "", name: areaEntry?.name ?? "", parentCode: nil, figures: tally.total),
            trend: tally.trend.map {
                WeeklyTrendPoint(week: ReportWeek(containing: $0.weekStart).description, unlicensed: $0.unlicensed, found: $0.found, resolved: $0.resolved, noticed: $0.noticed)
            },
            overdue: try overdueList(tally.overdue, directory: directory, history: history), hotspotRun: bins?.runID,
            inspectionsRecorded: tally.inspectionsRecorded)
        result.metricCRS = metricCRS
        return result
    }

    /// The report's rows: the area's administrative grids, or the occupied square cells; and
    /// each source's row.
    struct RowLayout {
        var codes: [String]
        var rowOfSource: [Int32]
        var squareCells: [(x: Int, y: Int)] = []
    }

    private func rowLayout(_ options: Options, directory: AreaDirectory, history: ReportHistory) -> RowLayout {
        switch options.grid {
        case .admin:
            let (codes, groupOfSource) = groups(directory.descendants(of: options.area, level: .grid), history.gridCodes, in: history)
            return RowLayout(codes: codes, rowOfSource: groupOfSource)
        case .square(let size):
            let metres = Double(size)
            let keys = history.projected.map { (x: Int(($0.x / metres).rounded(.down)), y: Int(($0.y / metres).rounded(.down))) }
            var unique: [Int64: (x: Int, y: Int)] = [:]
            for key in keys { unique[Int64(key.x) << 32 | Int64(UInt32(truncatingIfNeeded: key.y))] = key }
            let cells = unique.values.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
            var rowIndex: [Int64: Int32] = [:]
            for (i, cell) in cells.enumerated() { rowIndex[Int64(cell.x) << 32 | Int64(UInt32(truncatingIfNeeded: cell.y))] = Int32(i) }
            return RowLayout(
                codes: cells.map { "\($0.x)_\($0.y)" }, rowOfSource: keys.map { rowIndex[Int64($0.x) << 32 | Int64(UInt32(truncatingIfNeeded: $0.y))]! },
                squareCells: cells)
        }
    }

    /// One row per grid or cell, with where it lies, its officer, its figures and its hot-spot bin.
    private func gridRows(
        _ layout: RowLayout, figures: [WeeklyFigures], bins: HotspotBins?, options: Options, directory: AreaDirectory, history: ReportHistory
    ) -> [WeeklyReportRow] {
        // A square cell is named after the town most of its sources are in (ties: lowest code).
        var cellTowns: [String?] = []
        if case .square = options.grid {
            var votes = [[String: Int]](repeating: [:], count: layout.codes.count)
            for (s, row) in layout.rowOfSource.enumerated() {
                if let town = history.code(history.townCodes[s]) { votes[Int(row)][town, default: 0] += 1 }
            }
            cellTowns = votes.map { $0.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
        }
        return layout.codes.enumerated().map { i, code in
            let grid = options.grid == .admin ? directory.entry(.grid, code) : nil
            let townCode = options.grid == .admin ? grid?.parentCode : cellTowns[i]
            let town = townCode.flatMap { directory.entry(.town, $0) }
            let county = town?.parentCode.flatMap { directory.entry(.county, $0) }
            let prefecture = county?.parentCode.flatMap { directory.entry(.prefecture, $0) }
            return WeeklyReportRow(
                code: code, name: grid?.name ?? "", townCode: townCode, townName: town?.name, countyCode: county?.code ?? town?.parentCode,
                countyName: county?.name, prefectureCode: prefecture?.code ?? county?.parentCode, prefectureName: prefecture?.name,
                officer: grid?.officer, figures: figures[i], hotspotBin: bins.map { $0.bins[code] ?? 0 })
        }
    }

    /// The rectification notices past their deadline, most days overdue first.
    private func overdueList(_ items: [WeeklyTally.OverdueCase], directory: AreaDirectory, history: ReportHistory) throws -> [OverdueRectification] {
        let names = try store.fetchSourceNames(items.map { history.sourceIDs[Int($0.source)] })
        return items.map { item in
            let s = Int(item.source)
            let grid = history.code(history.gridCodes[s])
            return OverdueRectification(
                sourceID: history.sourceIDs[s], name: names[history.sourceIDs[s]] ?? "", gridCode: grid,
                gridName: grid.flatMap { directory.entry(.grid, $0)?.name },
                townName: history.code(history.townCodes[s]).flatMap { directory.entry(.town, $0)?.name },
                deadline: CivilDay.iso(item.deadline), daysOverdue: item.daysOverdue)
        }.sorted { ($0.daysOverdue, $1.sourceID) > ($1.daysOverdue, $0.sourceID) }
    }

    /// The rows' outlines, for map output: the grids' polygons or the square cells.
    private func outlines(_ layout: RowLayout, grid: Grid, metricCRS: MetricCRS?) throws -> [MultiPolygon] {
        switch grid {
        case .admin:
            let found = try store.fetchAreaOutlines(level: .grid, codes: layout.codes)
            return layout.codes.map { found[$0] ?? MultiPolygon(polygons: []) }
        case .square(let size):
            guard let metricCRS else { return [] }
            return SquareGrid(cellSize: Double(size), metricCRS: metricCRS).outlines(ofCells: layout.squareCells).map { MultiPolygon(polygons: [$0]) }
        }
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
