import Enforcement
import Foundation
import GeoKit
import PermitWatch
import Store

/// A store held in memory, for the use cases that need no SQL: the register, its history, the
/// areas, depots and roads, analysis runs and route plans, with the semantics the store roles
/// document (the SpatiaLite store's tests pin the same semantics against SQL).
///
/// It plays no SQL role (`CatalogReader`, `FeatureReader`).
final class InMemoryStore: SourceRegister, RegisterAnalytics, AreaStore, FieldNetwork, AnalysisRunStore, RoutePlanStore,
    MetricCRSStore, @unchecked Sendable
{
    private let lock = NSLock()
    /// In row order, as the register was last written.
    private var sources: [SourceRecord] = []
    private var events: [EventRecord] = []
    private var cellSize = 1000.0
    private var areas: [AreaLevel: [AreaRecord]] = [:]
    private var depots: [DepotRecord] = []
    private var roads: [RoadRecord] = []
    private var runs: [AnalysisRun] = []
    private var memberships: [Int64: [String: Int]] = [:]
    private var clusterRisks: [Int64: [Int: Double]] = [:]
    private var hotspotCells: [Int64: [String: Int]] = [:]
    private(set) var routePlans: [RoutePlanRecord] = []
    private(set) var ingests: [IngestLogEntry] = []
    private var storedMetricCRS: MetricCRS?

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: MetricCRSStore

    func metricCRS() throws -> MetricCRS? { locked { storedMetricCRS } }

    func reproject(
        to crs: MetricCRS, sourcePositions: [Coordinate], assignments: [SourceAssignment], cellSize: Double
    ) throws -> Reprojection {
        locked {
            let previous = storedMetricCRS
            for i in sources.indices {
                sources[i].projected = sourcePositions[i]
                sources[i].assignment = assignments[i]
            }
            for i in depots.indices { depots[i].projected = crs.forward(depots[i].location) }
            self.cellSize = cellSize
            storedMetricCRS = crs
            return Reprojection(
                previous: previous, sources: sources.count, depots: depots.count, areas: areas.values.map(\.count).reduce(0, +),
                removedHotspotRuns: 0)
        }
    }

    /// Takes the entry's metric CRS when none is stored, refuses another: as the store role says.
    private func record(_ log: IngestLogEntry) throws {
        guard let given = log.metricCRS else { return }
        if let storedMetricCRS, storedMetricCRS != given {
            throw StoreError(message: "\(log.file) was projected in \(given), the store is in \(storedMetricCRS)")
        }
        storedMetricCRS = given
    }

    // MARK: SourceRegister

    func fetchSources() throws -> [SourceRecord] { locked { sources.sorted { $0.sourceID < $1.sourceID } } }

    func fetchPlacements() throws -> StoredPlacements {
        locked {
            var declared: [Int: String] = [:]
            for (i, source) in sources.enumerated() { if let code = source.declaredAreaCode { declared[i] = code } }
            return StoredPlacements(
                locations: sources.map(\.location), projected: sources.map(\.projected), assignments: sources.map(\.assignment),
                declaredAreaCodes: declared)
        }
    }

    func replaceSources(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) throws {
        try locked {
            try record(log)
            sources = records
            self.events += events
            ingests.append(log)
        }
    }

    func replaceSources(streaming load: some SourceLoad) throws {
        var records: [SourceRecord] = []
        while let batch = try load.nextBatch() { records += batch }
        let (events, log) = try load.finish()
        try load.commit { try replaceSources(records, events: events, log: log) }
    }

    func sourceCount() throws -> Int { locked { sources.count } }

    func updateAssignments(_ assignments: [SourceAssignment], previous: [SourceAssignment], cellSize: Double) throws -> Int {
        locked {
            var changed = 0
            for i in sources.indices where assignments[i] != previous[i] {
                sources[i].assignment = assignments[i]
                changed += 1
            }
            self.cellSize = cellSize
            return changed
        }
    }

    func storedCellSize() throws -> Double { locked { cellSize } }

    func appendEvents(_ events: [EventRecord], log: IngestLogEntry) throws {
        locked {
            self.events += events
            ingests.append(log)
        }
    }

    func fetchSourceIDs() throws -> Set<String> { locked { Set(sources.map(\.sourceID)) } }

    func eventCounts() throws -> [String: Int] {
        locked { Dictionary(grouping: events, by: \.kind.rawValue).mapValues(\.count) }
    }

    func latestEventDate() throws -> String? { locked { events.map(\.date).max() } }
    func eventDateRange() throws -> ClosedRange<String>? {
        locked { events.map(\.date).min().flatMap { first in events.map(\.date).max().map { first...$0 } } }
    }

    func fetchSourceNames(_ sourceIDs: [String]) throws -> [String: String] {
        locked {
            let wanted = Set(sourceIDs)
            var names: [String: String] = [:]
            for source in sources where wanted.contains(source.sourceID) { names[source.sourceID] = source.name }
            return names
        }
    }

    // MARK: RegisterAnalytics

    /// It keeps no log of changes: any report may differ.
    func historyChanges(since generation: Int64) throws -> HistoryChanges { HistoryChanges(generation: 0, extent: .unknown) }

    private func current(statuses: [SourceStatus]?, area: String?) -> [SourceRecord] {
        sources.filter { source in
            guard source.removedOn == nil else { return false }
            if let statuses, !statuses.contains(source.status) { return false }
            if let area {
                let a = source.assignment
                return [a.prefectureCode, a.countyCode, a.townCode, a.gridCode].contains(area)
            }
            return true
        }
    }

    func fetchSourcePositions(statuses: [SourceStatus]?, area: String?, lean: Bool, grids: Bool) throws -> SourcePositions {
        locked {
            var selected = current(statuses: statuses, area: area)
            if !lean { selected.sort { $0.sourceID < $1.sourceID } }
            var positions = SourcePositions()
            positions.projected = selected.map(\.projected)
            positions.statuses = selected.map(\.status)
            if !lean || grids { positions.gridCodes = selected.map(\.assignment.gridCode) }
            if !lean {
                positions.sourceIDs = selected.map(\.sourceID)
                positions.industries = selected.map(\.industry)
                positions.townCodes = selected.map(\.assignment.townCode)
                positions.deadlines = selected.map(\.deadline)
            }
            return positions
        }
    }

    func fetchSources(inBoxes boxes: [BoundingBox]) throws -> [[NearbySource]] {
        locked {
            let now = current(statuses: nil, area: nil)
            return boxes.map { box in
                now.filter { box.minX <= $0.location.x && $0.location.x <= box.maxX && box.minY <= $0.location.y && $0.location.y <= box.maxY }
                    .map { NearbySource(sourceID: $0.sourceID, projected: $0.projected, status: $0.status, deadline: $0.deadline) }
            }
        }
    }

    func summary(by grouping: SummaryGrouping) throws -> [StatusCountRow] {
        locked {
            let now = current(statuses: nil, area: nil)
            func counts(_ group: [SourceRecord]) -> [SourceStatus: Int] {
                var counts = Dictionary(uniqueKeysWithValues: SourceStatus.allCases.map { ($0, 0) })
                for source in group { counts[source.status, default: 0] += 1 }
                return counts
            }
            switch grouping {
            case .area(let level):
                func code(_ source: SourceRecord) -> String? {
                    switch level {
                    case .prefecture: source.assignment.prefectureCode
                    case .county: source.assignment.countyCode
                    case .town: source.assignment.townCode
                    case .grid: source.assignment.gridCode
                    }
                }
                let byCode = Dictionary(grouping: now, by: { code($0) ?? "" })
                return (areas[level] ?? []).sorted { $0.code < $1.code }.map { StatusCountRow(code: $0.code, name: $0.name, counts: counts(byCode[$0.code] ?? [])) }
                    + [StatusCountRow(code: "unassigned", name: "", counts: counts(now.filter { code($0) == nil }))]
            case .cell:
                let placed = now.filter { $0.assignment.cellX != nil && $0.assignment.cellY != nil }
                let byCell = Dictionary(grouping: placed, by: { [$0.assignment.cellX!, $0.assignment.cellY!] })
                let rows = byCell.keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
                    .map { StatusCountRow(code: "\($0[0])_\($0[1])", name: "", counts: counts(byCell[$0]!)) }
                let unplaced = now.filter { $0.assignment.cellX == nil }
                return unplaced.isEmpty ? rows : rows + [StatusCountRow(code: "unassigned", name: "", counts: counts(unplaced))]
            }
        }
    }

    func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory {
        locked {
            var report = ReportHistory()
            var codeNumbers: [String: Int32] = [:]
            func number(_ code: String?) -> Int32 {
                guard let code else { return -1 }
                if let number = codeNumbers[code] { return number }
                codeNumbers[code] = Int32(report.codes.count)
                report.codes.append(code)
                return Int32(report.codes.count - 1)
            }
            let byID = Dictionary(grouping: events.filter { $0.date <= lastDay }, by: \.sourceID)
            var recorded: [EventHistory.Event] = []
            for source in sources.sorted(by: { $0.sourceID < $1.sourceID }) {
                guard let history = byID[source.sourceID] else { continue }
                let a = source.assignment
                if let area, ![a.prefectureCode, a.countyCode, a.townCode, a.gridCode].contains(area) { continue }
                let index = Int32(report.sourceIDs.count)
                report.sourceIDs.append(source.sourceID)
                report.gridCodes.append(number(a.gridCode))
                report.townCodes.append(number(a.townCode))
                report.countyCodes.append(number(a.countyCode))
                report.prefectureCodes.append(number(a.prefectureCode))
                report.projected.append(source.projected)
                for event in history {
                    recorded.append(EventHistory.Event(
                        source: index, day: Int32(CivilDay.number(iso: event.date) ?? 0), kind: event.kind, status: event.status,
                        deadline: event.deadline.flatMap(CivilDay.number(iso:)).map(Int32.init)))
                }
            }
            report.history = EventHistory(sourceCount: report.sourceIDs.count, eventsInRecordingOrder: recorded)
            return report
        }
    }

    // MARK: AreaStore

    func replaceAreas(level: AreaLevel, with areas: [AreaRecord], log: IngestLogEntry) throws {
        try locked {
            try record(log)
            self.areas[level] = areas.sorted { $0.code < $1.code }
            ingests.append(log)
        }
    }

    func fetchAreas(level: AreaLevel) throws -> [AreaRecord] { locked { areas[level] ?? [] } }

    func fetchAreaParents(level: AreaLevel) throws -> [(code: String, parent: String?)] {
        locked { (areas[level] ?? []).map { ($0.code, $0.parentCode) } }
    }

    func areaExtent() throws -> BoundingBox? {
        locked {
            let all = areas.values.flatMap { $0 }
            guard !all.isEmpty else { return nil }
            return all.map(\.geometry.boundingBox).reduce(BoundingBox.empty) { $0.union($1) }
        }
    }

    func areaCounts() throws -> [AreaLevel: Int] { locked { areas.mapValues(\.count) } }
    func areasRevision() throws -> Int64 { locked { Int64(ingests.filter { $0.kind.hasPrefix("areas") }.count) } }
    func fetchSourceCards(_ sourceIDs: [String]) throws -> [String: SourceCard] {
        let wanted = Set(sourceIDs)
        return locked {
            let names = Dictionary(areas.values.flatMap { $0 }.map { ("\($0.level.rawValue):\($0.code)", $0) }, uniquingKeysWith: { first, _ in first })
            var cards: [String: SourceCard] = [:]
            for s in sources where wanted.contains(s.sourceID) && s.removedOn == nil {
                let town = s.assignment.townCode.flatMap { names["town:\($0)"] }, grid = s.assignment.gridCode.flatMap { names["grid:\($0)"] }
                cards[s.sourceID] = SourceCard(
                    sourceID: s.sourceID, name: s.name, uscc: s.uscc, industry: s.industry, status: s.status, deadline: s.deadline,
                    townCode: s.assignment.townCode, townName: town?.name, gridCode: s.assignment.gridCode, gridName: grid?.name,
                    officer: grid?.officer, officerPhone: grid?.officerPhone)
            }
            return cards
        }
    }

    func areas(containing points: [Coordinate], level: AreaLevel) throws -> [AreaDirectoryEntry?] {
        let records = locked { areas[level] ?? [] }
        let index = AreaIndex(areas: records.map { ($0.code, $0.geometry) })
        return points.map { point in
            index.locate(point).flatMap { i in records.first { $0.code == index.codes[i] } }.map {
                AreaDirectoryEntry(level: level, code: $0.code, name: $0.name, parentCode: $0.parentCode, officer: $0.officer)
            }
        }
    }
    func areaLevel(ofCode code: String) throws -> AreaLevel? {
        locked { AreaLevel.allCases.first { level in areas[level]?.contains { $0.code == code } == true } }
    }

    func fetchAreaDirectory() throws -> [AreaDirectoryEntry] {
        locked {
            AreaLevel.allCases.flatMap { level in
                (areas[level] ?? []).map { AreaDirectoryEntry(level: level, code: $0.code, name: $0.name, parentCode: $0.parentCode, officer: $0.officer) }
            }
        }
    }

    func fetchAreaOutlines(level: AreaLevel, codes: [String]) throws -> [String: MultiPolygon] {
        locked {
            let wanted = Set(codes)
            var outlines: [String: MultiPolygon] = [:]
            for area in areas[level] ?? [] where wanted.contains(area.code) { outlines[area.code] = area.geometry }
            return outlines
        }
    }

    // MARK: FieldNetwork

    func replaceDepots(_ depots: [DepotRecord], log: IngestLogEntry) throws {
        try locked {
            try record(log)
            self.depots = depots
            ingests.append(log)
        }
    }

    func fetchDepots() throws -> [DepotRecord] { locked { depots } }

    func replaceRoads(_ roads: [RoadRecord], log: IngestLogEntry) throws {
        locked {
            self.roads = roads
            ingests.append(log)
        }
    }

    func fetchRoads() throws -> [RoadRecord] { locked { roads } }

    // MARK: AnalysisRunStore

    private func addRun(kind: String, parameters: String, summary: String) -> Int64 {
        let run = AnalysisRun(id: Int64(runs.count + 1), kind: kind, parameters: parameters, summary: summary, createdAt: "2020-12-31T00:00:00Z")
        runs.append(run)
        return run.id
    }

    func storeClusterRun(
        parameters: String, summary: String, clusters: [ClusterRecord], members: [(sourceID: String, cluster: Int, core: Bool)]
    ) throws -> Int64 {
        locked {
            let id = addRun(kind: "clusters", parameters: parameters, summary: summary)
            memberships[id] = Dictionary(members.map { ($0.sourceID, $0.cluster) }, uniquingKeysWith: { first, _ in first })
            clusterRisks[id] = Dictionary(clusters.map { ($0.cluster, $0.risk) }, uniquingKeysWith: { first, _ in first })
            return id
        }
    }

    func storeHotspotRun(parameters: String, summary: String, cells: [HotspotCellRecord], cellSize: Double?) throws -> Int64 {
        locked {
            let id = addRun(kind: "hotspots", parameters: parameters, summary: summary)
            hotspotCells[id] = Dictionary(cells.map { ($0.cell, $0.bin) }, uniquingKeysWith: { first, _ in first })
            return id
        }
    }

    func latestRun(kind: String) throws -> AnalysisRun? { locked { runs.last { $0.kind == kind } } }

    func fetchClusterMembership(run: Int64) throws -> [String: Int] { locked { memberships[run] ?? [:] } }
    func fetchClusterRisks(run: Int64) throws -> [Int: Double] { locked { clusterRisks[run] ?? [:] } }

    func fetchHotspotBins(run: AnalysisRun) throws -> HotspotBins {
        locked { HotspotBins(runID: run.id, parameters: run.parameters, bins: hotspotCells[run.id] ?? [:]) }
    }

    // MARK: RoutePlanStore

    func storeRoutePlan(_ plan: RoutePlanRecord) throws -> Int64 {
        locked {
            routePlans.append(plan)
            return Int64(routePlans.count)
        }
    }
}
