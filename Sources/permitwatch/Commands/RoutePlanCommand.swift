import ArgumentParser
import Foundation
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
            within --shift-hours. Travel is straight-line EPSG:4547 metres × --detour at \
            --speed-kmh, or shortest paths over the stored road network (`permitwatch ingest roads`) or \
            --roads FILE.geojson. --shift-hours 0 with one team \
            visits every candidate (a travelling-salesman tour). The plan is the best found in \
            --seconds; with --iterations it depends on --seed only.

            Examples:
              permitwatch route plan --area 4401 --teams 4 --format geojson --output plan.geojson
              permitwatch route plan --stops stops.csv --depot 113.26,23.13 --teams 2 --format gpx
              permitwatch route plan --query overdue-rectifications --param as_of=2020-12-31 --teams 2
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, geojson, gpx, html
    }

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

    @Flag(name: .customLong("straight-lines"), help: "Ignore the stored road network (`permitwatch ingest roads`).")
    var straightLines = false

    @Option(name: .long, help: ArgumentHelp("Plan at most this many candidates, highest priority first.", valueName: "n"))
    var limit = 1000

    @Option(name: .long, help: ArgumentHelp("Search for this long.", valueName: "s"))
    var seconds = 5.0

    @Option(name: .long, help: ArgumentHelp("Stop after this many iterations (reproducible plans).", valueName: "n"))
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
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        let selections = [area != nil, cluster != nil, stops != nil, query != nil].filter { $0 }.count
        guard selections <= 1 else { throw ValidationError("give at most one of --area, --cluster, --stops and --query") }
        if query == nil && !parameters.isEmpty { throw ValidationError("--param is for --query") }
        _ = try queryParameters()
        _ = try startMinutes()
        _ = try parsedDepot()
        if let asOf, !DateText.isValidDay(asOf) { throw ValidationError("--as-of \(asOf): expected a date YYYY-MM-DD") }
        do { try request().validate() } catch let error as AnalyticsError { throw ValidationError("\(error)") }
    }

    func startMinutes() throws -> Int {
        let parts = start.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
            throw ValidationError("--start \(start): expected a clock time HH:MM")
        }
        return parts[0] * 60 + parts[1]
    }

    func parsedDepot() throws -> RoutePlanRequest.Depot {
        guard let depot else { return .nearest }
        let parts = depot.split(separator: ",")
        if parts.count == 2, let lon = Double(parts[0].trimmingCharacters(in: .whitespaces)), let lat = Double(parts[1].trimmingCharacters(in: .whitespaces)) {
            guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw ValidationError("--depot \(depot): expected LON,LAT in degrees")
            }
            return .point(lon: lon, lat: lat)
        }
        return .code(depot)
    }

    /// The `--param name=value` pairs.
    func queryParameters() throws -> [String: String] {
        var values: [String: String] = [:]
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "="), equals != parameter.startIndex else {
                throw ValidationError("--param \(parameter): expected name=value")
            }
            values[String(parameter[..<equals])] = String(parameter[parameter.index(after: equals)...])
        }
        return values
    }

    func request() throws -> RoutePlanRequest {
        var request = RoutePlanRequest()
        if let stops {
            request.stops = .file(stops)
        } else if let cluster {
            request.stops = .cluster(cluster)
        } else if let query {
            let directories = QueryCatalog.userDirectories(explicit: queries, databasePath: database.resolvedPath)
            request.stops = .query(name: query, parameters: try queryParameters(), directories: directories)
        } else {
            request.stops = .suspects(area: area)
        }
        request.depot = try parsedDepot()
        request.teams = teams
        request.shiftHours = shiftHours
        request.speedKmh = speedKmh
        request.serviceMinutes = serviceMinutes
        request.detour = detour
        request.roadsFile = roads
        request.straightLines = straightLines
        request.limit = limit
        request.seconds = seconds
        request.iterations = iterations
        request.seed = seed
        request.startMinutes = try startMinutes()
        request.asOf = asOf
        return request
    }

    func run() throws {
        let store = noStore ? try database.openReadOnly() : try database.openExisting()
        let request = try request()
        let plan = try CommandFailure.reporting { try RoutePlanning(store: store).plan(request) }
        let planID = noStore ? nil : try store.storeRoutePlan(plan.record)
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("--output \(output): cannot create the file")
            }
            handle = file
        } else {
            handle = .standardOutput
        }
        defer { if output != nil { try? handle.close() } }
        switch format {
        case .table, .csv, .json:
            let resultFormat: ResultFormat = format == .table ? .table : format == .csv ? .csv : .json
            let sink = ByteSink(handle)
            try plan.itineraryTable().write(to: resultFormat.makeWriter(sink: sink))
        case .geojson: handle.write(Data(plan.geoJSON().utf8))
        case .gpx: handle.write(Data(plan.gpx().utf8))
        case .html: handle.write(Data(plan.html().utf8))
        }
        for line in plan.summaryLines() { printError(line) }
        if let planID { printError("stored as plan \(planID) (/collections/routes/items?plan_id=\(planID))") }
    }
}
