import ArgumentParser
import FileWriting
import Foundation
import GeoKit
import PermitWatch

/// `permitwatch route plan`: which suspect sources each team visits tomorrow, in which order.
struct RoutePlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan inspection routes: the most priority visited within the shifts, then the least distance.",
        discussion: """
            Candidates are the suspect sources (of --area, of one --cluster of the latest stored \
            clusters run, or every one) with the default priorities: an unlicensed source in a \
            cluster counts its cluster's size, an unlicensed source outside clusters 1, a \
            rectifying source past its deadline 5; or the stops of a CSV file \
            `source_id,lon,lat,priority`; or the sources a catalog query returns (--query NAME \
            --param k=v: suspects keep their default priority, any other source counts 1). The \
            --limit highest-priority candidates are planned.

            Each team leaves the depot (a stored depot by code, LON,LAT, or by default the stored \
            depot nearest the candidates), visits its stops (--service-minutes each) and is back \
            within --shift-hours. Travel is straight-line metres of the metric CRS × --detour at \
            --speed-kmh, or shortest paths over the stored road network (`permitwatch ingest roads`) or \
            --roads FILE (GeoJSON, Shapefile, GeoPackage). --crs declares the system of --depot \
            X,Y, --stops and --roads when it is not WGS-84. --shift-hours 0 with one team \
            visits every candidate (a travelling-salesman tour). The plan is the best found in \
            --seconds (5 by default); with --iterations alone exactly that many iterations run and \
            the plan depends on --seed only; with both, whichever limit comes first ends the search. \
            The summary says which did.

            Examples:
              permitwatch route plan --area 4401 --teams 4 --format geojson --output plan.geojson
              permitwatch route plan --stops stops.csv --depot 113.26,23.13 --teams 2 --format gpx
              permitwatch route plan --query overdue-rectifications --param as_of=2020-12-31 --teams 2
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Candidates of this prefecture, county, town or grid.", valueName: "code"))
    var area: String?

    @Option(name: .long, help: ArgumentHelp("Candidates of this cluster of the latest stored clusters run.", valueName: "id"))
    var cluster: Int?

    @Option(name: .long, help: ArgumentHelp("A CSV of stops: source_id,lon,lat,priority (WGS-84).", valueName: "file.csv"))
    var stops: String?

    @Option(name: .long, help: ArgumentHelp("The sources a catalog query returns (its source_id column).", valueName: "name"))
    var query: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter of --query; repeat for several.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .long, help: ArgumentHelp("A folder of your own queries, for --query.", valueName: "dir"))
    var queries: String?

    @Option(name: .long, help: ArgumentHelp("A stored depot's code, or LON,LAT (default: the stored depot nearest the candidates).", valueName: "code|lon,lat"))
    var depot: String?

    @Option(name: .long, help: ArgumentHelp("Number of teams.", valueName: "k"))
    var teams = 4

    @Option(name: .customLong("shift-hours"), help: ArgumentHelp("Shift length (0: no limit, one team, every stop).", valueName: "h"))
    var shiftHours = 8.0

    @Option(name: .customLong("speed-kmh"), help: ArgumentHelp("Travel speed.", valueName: "km/h"))
    var speedKmh = 30.0

    @Option(name: .customLong("service-minutes"), help: ArgumentHelp("Time spent at each stop.", valueName: "min"))
    var serviceMinutes = 30.0

    @Option(name: .long, help: ArgumentHelp("Straight-line metres are multiplied by this (1.0: straight lines).", valueName: "f"))
    var detour = 1.0

    @Option(name: .long, help: ArgumentHelp("Route over this road network (GeoJSON LineStrings, WGS-84) instead of straight lines.", valueName: "file.geojson"))
    var roads: String?

    @Option(name: .long, help: ArgumentHelp(
        "The coordinate system of --depot LON,LAT, the --stops file and the --roads file: wgs84, cgcs2000, gcj02, bd09 or epsg:N (default: WGS-84; a roads file's own system).",
        valueName: "crs"))
    var crs: CoordinateSystem?

    @Flag(name: .customLong("straight-lines"), help: "Ignore the stored road network (`permitwatch ingest roads`).")
    var straightLines = false

    @Option(name: .long, help: ArgumentHelp("Plan at most this many candidates, highest priority first.", valueName: "n"))
    var limit = 1000

    @Option(name: .long, help: ArgumentHelp("Search for at most this long (default 5 s, or no time limit with --iterations).", valueName: "s"))
    var seconds: Double?

    @Option(name: .long, help: ArgumentHelp("Run exactly this many iterations (reproducible plans).", valueName: "n"))
    var iterations: Int?

    @Option(name: .long, help: ArgumentHelp("Seed of the search.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Clock time the teams leave.", valueName: "HH:MM"))
    var start = "08:30"

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge rectification deadlines on this day (default: the latest event).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Flag(name: .customLong("no-store"), help: "Do not store the plan (stored plans are served at /collections/routes).")
    var noStore = false

    @Option(name: .long, help: "table, csv, json, geojson, gpx or html.")
    var format: RoutePlanFormat = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws { _ = try request() }

    /// The request from the flags, through the planner's own parsers and checks.
    func request() throws -> RoutePlanRequest {
        try checkingUsage {
            if query == nil && !parameters.isEmpty { throw ParameterError("param", nil, "only with --query") }
            var request = RoutePlanRequest()
            request.stops = try .choosing(
                area: area, cluster: cluster, file: stops, list: nil,
                query: try query.map { (name: $0, parameters: try ParameterList.parse(parameters), directories: database.queryDirectories(explicit: queries)) })
            request.depot = RoutePlanRequest.Depot(parsing: depot)
            request.teams = teams
            request.shiftHours = shiftHours
            request.speedKmh = speedKmh
            request.serviceMinutes = serviceMinutes
            request.detour = detour
            request.roadsFile = roads
            request.crs = crs
            request.straightLines = straightLines
            request.limit = limit
            request.seconds = seconds
            request.iterations = iterations
            request.seed = seed
            request.startMinutes = try ClockTime.minutes(start, parameter: "start")
            request.asOf = try asOf.map { try DateText.day($0, parameter: "as_of") }
            try request.validate()
            return request
        }
    }

    func run() throws {
        let request = try request()
        let store = noStore ? try database.openReadOnly() : try database.openExisting()
        let plan = try RoutePlanning(store: store, archive: noStore ? nil : store).plan(request)
        try OutputFile.write(to: output) { sink in try plan.write(as: format, to: sink) }
        for line in plan.summaryLines() { printError(line) }
        if let planID = plan.planID { printError("stored as plan \(planID) (/collections/routes/items?plan_id=\(planID))") }
    }
}

extension RoutePlanFormat: ExpressibleByArgument {}
