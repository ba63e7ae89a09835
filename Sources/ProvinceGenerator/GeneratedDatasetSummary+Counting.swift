import Enforcement

extension GeneratedDatasetSummary {
    /// Areas per level, and the raster they were traced from.
    mutating func countAreas(raster: ProvinceRaster, catalog: AreaCatalog) {
        rasterWidth = raster.frame.width
        rasterHeight = raster.frame.height
        prefectures = catalog.levels[0].count
        counties = catalog.levels[1].count
        towns = catalog.levels[2].count
        grids = catalog.levels[3].count
    }

    /// Sources by status, events by kind, overdue notices and the deliberate errors at sea.
    mutating func countSources(placed: SourcePlacer.Placed, history: HistoryBuilder.History) {
        sources = placed.status.count
        events = history.events.count
        for (k, status) in SourceStatus.allCases.enumerated() {
            sourcesByStatus[status] = placed.status.reduce(0) { $0 + ($1 == UInt8(k) ? 1 : 0) }
        }
        for (k, kind) in EventKind.allCases.enumerated() {
            eventsByKind[kind] = history.kindCounts[k]
        }
        for s in 0..<placed.status.count where placed.status[s] == 2 && history.deadline[s] >= 0 {
            if Int(history.deadline[s]) < CivilDate.asOf { overdueRectifying += 1 }
        }
        nearShoreErrors = placed.sea.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        offshoreErrors = placed.sea.reduce(0) { $0 + ($1 == 2 ? 1 : 0) }
    }
}
