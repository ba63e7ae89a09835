/// Where inspection teams start (the bureaus' depots) and the road network they drive: a role
/// of the store (see `EnforcementStore`).
public protocol FieldNetwork: Sendable {
    func replaceDepots(_ depots: [DepotRecord], log: IngestLogEntry) throws
    func fetchDepots() throws -> [DepotRecord]
    func replaceRoads(_ roads: [RoadRecord], log: IngestLogEntry) throws
    func fetchRoads() throws -> [RoadRecord]
}
