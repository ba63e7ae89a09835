import FileWriting

/// The forms a route plan is written in, by both front ends: the itinerary as a table, CSV or
/// JSON, the routes as GeoJSON or GPX, or a printable HTML page.
public enum RoutePlanFormat: String, Sendable, CaseIterable {
    case table, csv, json, geojson, gpx, html

    /// The HTTP media type.
    public var mediaType: String {
        switch self {
        case .table: ResultFormat.table.mediaType
        case .csv: ResultFormat.csv.mediaType
        case .json: ResultFormat.json.mediaType
        case .geojson: "application/geo+json"
        case .gpx: "application/gpx+xml"
        case .html: "text/html; charset=utf-8"
        }
    }
}

extension RoutePlan {
    /// Writes the plan in `format` to `sink`.
    public func write(as format: RoutePlanFormat, to sink: ByteSink) throws {
        switch format {
        case .table: try itineraryTable().write(to: ResultFormat.table.makeWriter(sink: sink))
        case .csv: try itineraryTable().write(to: ResultFormat.csv.makeWriter(sink: sink))
        case .json: try itineraryTable().write(to: ResultFormat.json.makeWriter(sink: sink))
        case .geojson: try sink.write(geoJSON())
        case .gpx: try sink.write(gpx())
        case .html: try sink.write(html())
        }
        try sink.flush()
    }
}
