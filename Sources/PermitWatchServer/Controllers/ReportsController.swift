import FileWriting
import Hummingbird
import PermitWatch

/// `/reports/weekly`: the weekly report of unlicensed sources by grid, computed on request
/// from the history as it stood at the end of the week, in the same formats as the CLI. The
/// whole province's needs a reader's token; one area's is open.
///
/// A report is made once and kept (`ReportCache`): field writes dated after its week (the
/// officers' records of this week) leave last week's report as it is, so it is not made again
/// while they arrive.
struct ReportsController: Sendable {
    let dependencies: ServerDependencies
    private let reports: ReportCache
    private let latestWeek = LatestWeek()

    init(dependencies: ServerDependencies) {
        self.dependencies = dependencies
        let budget = dependencies.configuration.reportCacheBytes
        reports = ReportCache(budget: budget, largest: budget / 2)
    }

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        group.get("weekly", use: weekly)
    }

    struct WeeklyQuery: QueryParameters {
        var week: String?
        var grid: String?
        var area: String?
        var inspection_weeks: Int?
        var f: String?
        static let names = ["week", "grid", "area", "inspection_weeks", "f"]
    }

    @Sendable func weekly(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let query = try request.parameters(WeeklyQuery.self)
        // The whole province's report costs seconds of a worker: a reader's token. One area's
        // is open, as reads are.
        if query.area == nil { try AccessProblem.check(.reader, in: context) }
        let formatName = query.f ?? WeeklyReportFormat.html.rawValue
        guard let format = WeeklyReportFormat(rawValue: formatName) else {
            throw ParameterError("f", formatName, "expected html, csv, json, geojson or md")
        }
        var options = try WeeklyReport.Options(week: query.week, grid: query.grid, area: query.area, inspectionWeeks: query.inspection_weeks)
        options.outlines = format.needsOutlines
        let store = dependencies.store
        let workers = dependencies.workers
        let dependencies = self.dependencies
        let generation = try await dependencies.dataGeneration()
        // The last complete week is named before the cache is asked: the same report then
        // serves `week` left out and given, and a write that starts a new week is a new key.
        if options.week == nil {
            options.week = try await latestWeek.week(at: generation) {
                try await workers.run(.read) { try WeeklyReport(store: store).defaultWeek() }
            }
        }
        let chosen = options
        // The same data and parameters give the same bytes: made once, then sent from memory.
        let key = [options.week?.description ?? "none", options.grid.description, options.area ?? "", String(options.inspectionWeeks), format.rawValue]
            .joined(separator: "|")
        let sunday = options.week?.sundayText
        let bytes = try await reports.report(
            for: key, generation: generation, latest: { try await dependencies.dataGeneration() },
            unchangedSince: { made in
                // Field writes whose events all fall after the week leave its report as it was.
                guard let sunday else { return nil }
                let changes = try await workers.run(.read) { try store.historyChanges(since: made) }
                return changes.leaveUnchanged(weekEndingOn: sunday) ? changes.generation : nil
            }
        ) {
            try await workers.run(.expensive) {
                let report = try WeeklyReport(store: store).run(chosen)
                var bytes: [UInt8] = []
                try format.write(report, to: ByteSink { bytes.append(contentsOf: $0) })
                return bytes
            }
        }
        var headers: HTTPFields = [:]
        if format == .csv { headers[.contentDisposition] = "inline; filename=\"weekly-report.csv\"" }
        return Responses.buffer(bytes, contentType: format.mediaType, headers: headers)
    }
}
