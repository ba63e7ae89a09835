import GeoKit

/// The plan as an RFC 7946 FeatureCollection: one LineString per team (its path, along the
/// roads when a network is used) with its totals, then every stop as a Point with its team,
/// order and times (`team` null for the stops left out, with `kind` saying why).
extension RoutePlan {
    public func geoJSON() -> String {
        var writer = GeoJSONWriter()
        writer.beginFeatureCollection(members: JSONObject([
            ("prize", .number(prize)), ("metres", .number(metres.rounded())), ("travel", .string(travel)),
            ("depot", .string(depotName)),
        ]))
        for team in teams where !team.visits.isEmpty {
            writer.writeFeature(
                id: .string("team-\(team.number)"),
                properties: JSONObject([
                    ("team", .number(Double(team.number))), ("stops", .number(Double(team.visits.count))), ("prize", .number(team.prize)),
                    ("metres", .number(team.metres.rounded())), ("depart", .string(clock(0))), ("return", .string(clock(team.returnSeconds))),
                ]),
                geometry: .lineString(team.path))
        }
        let table = itineraryTable()
        for (index, row) in table.rows.enumerated() {
            var members: [(String, JSONValue)] = []
            for (column, value) in zip(Self.tableColumns, row) where column != "lon" && column != "lat" {
                switch value {
                case .integer(let n): members.append((column, .number(Double(n))))
                case .real(let x): members.append((column, .number(x)))
                case .text(let s): members.append((column, .string(s)))
                default: members.append((column, .null))
                }
            }
            writer.writeFeature(id: nil, properties: JSONObject(members), geometry: table.geometries[index])
        }
        writer.endFeatureCollection()
        return writer.text
    }
}
