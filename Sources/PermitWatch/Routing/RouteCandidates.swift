import Enforcement
import GeoKit
import Store

/// The suspect sources a plan chooses from, with the default priority rule:
///
/// - an unlicensed source in a cluster of the latest stored clusters run: the cluster's size
///   (a visit there deals with one member of a big illegal concentration);
/// - an unlicensed source outside every cluster (or when no run is stored): 1;
/// - a rectifying source past its deadline on the as-of day: 5;
/// - anything else is not a candidate.
struct RouteCandidates {
    let store: any EnforcementStore

    func load(_ selection: RoutePlanRequest.Stops, asOf: String?) throws -> [RouteStop] {
        switch selection {
        case .file(let path):
            return try RouteStopsFile.read(path)
        case .list(let stops):
            return stops
        case .suspects(let area):
            let membership = try latestMembership()
            return try suspects(area: area, membership: membership, asOf: asOf)
        case .cluster(let cluster):
            guard let membership = try latestMembership() else {
                throw AnalyticsError.parameter("cluster", "no clusters run is stored: run `permitwatch clusters` first")
            }
            let members = try suspects(area: nil, membership: membership, asOf: asOf).filter { membership.clusterOf[$0.id] == cluster }
            guard !members.isEmpty else {
                throw AnalyticsError.parameter("cluster", "cluster \(cluster) has no current unlicensed members in the latest clusters run (run \(membership.run))")
            }
            return members
        }
    }

    struct Membership {
        var run: Int64
        var clusterOf: [String: Int]
        var sizeOf: [Int: Int]
    }

    private func latestMembership() throws -> Membership? {
        guard let run = try store.latestRun(kind: "clusters") else { return nil }
        let clusterOf = try store.fetchClusterMembership(run: run.id)
        var sizeOf: [Int: Int] = [:]
        for cluster in clusterOf.values where cluster >= 0 { sizeOf[cluster, default: 0] += 1 }
        return Membership(run: run.id, clusterOf: clusterOf, sizeOf: sizeOf)
    }

    private func suspects(area: String?, membership: Membership?, asOf: String?) throws -> [RouteStop] {
        let positions = try store.fetchSourcePositions(statuses: [.unlicensed, .rectifying], area: area, lean: false, grids: false)
        let day = try asOf ?? store.latestEventDate() ?? DateText.today()
        var stops: [RouteStop] = []
        for i in 0..<positions.count {
            let id = positions.sourceIDs[i]
            let priority: Double
            switch positions.statuses[i] {
            case .unlicensed:
                if let cluster = membership?.clusterOf[id], cluster >= 0, let size = membership?.sizeOf[cluster] {
                    priority = Double(size)
                } else {
                    priority = 1
                }
            case .rectifying:
                guard let deadline = positions.deadlines[i], !deadline.isEmpty, deadline < day else { continue }
                priority = 5
            default:
                continue
            }
            let projected = positions.projected[i]
            var stop = RouteStop(id: id, location: GaussKruger.epsg4547.inverse(projected), priority: priority)
            stop.projected = projected
            stops.append(stop)
        }
        return stops
    }
}
