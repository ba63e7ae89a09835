/// Connected components of the road graph, ignoring direction (weak components): the number
/// a data check should report, since a network in pieces silently makes stops unreachable.
extension RoadGraph {
    public struct Components: Sendable {
        /// The component of each node, numbered by size (0 is the largest).
        public let componentOf: [Int32]
        /// Nodes per component, largest first.
        public let sizes: [Int]
        public var count: Int { sizes.count }
    }

    public func weakComponents() -> Components {
        var sets = DisjointSets(count: nodeCount)
        for node in 0..<nodeCount {
            for e in Int(edgeStart[node])..<Int(edgeStart[node + 1]) { sets.union(node, Int(edgeTarget[e])) }
        }
        let rootOf = (0..<nodeCount).map { sets.find($0) }
        var sizeByRoot: [Int: Int] = [:]
        for root in rootOf { sizeByRoot[root, default: 0] += 1 }
        // Largest first, ties by smallest node, so the numbering is stable.
        let ordered = sizeByRoot.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        var number: [Int: Int32] = [:]
        for (index, entry) in ordered.enumerated() { number[entry.key] = Int32(index) }
        return Components(componentOf: rootOf.map { number[$0]! }, sizes: ordered.map(\.value))
    }
}
