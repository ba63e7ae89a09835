import FileWriting
import Hummingbird
import PermitWatch

/// `/reports/weekly`: the weekly report of unlicensed sources by grid, computed on request
/// from the history as it stood at the end of the week, in the same formats as the CLI. The
/// whole province's needs a reader's token; one area's is open.
struct ReportsController: Sendable {
    let dependencies: ServerDependencies
    private let reports: ReportCache

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
        let chosen = options
        let workers = dependencies.workers
        // The same data and parameters give the same bytes: made once, then sent from memory.
        let key = [options.week?.description ?? "latest", options.grid.description, options.area ?? "", String(options.inspectionWeeks), format.rawValue]
            .joined(separator: "|")
        let dependencies = self.dependencies
        let bytes = try await reports.report(
            for: key, generation: try await dependencies.dataGeneration(), latest: { try await dependencies.dataGeneration() }
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
        return Responses.bytes(bytes, contentType: format.mediaType, headers: headers)
    }
}
