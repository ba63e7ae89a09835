/// For every place, its `k` cheapest other places, cheapest first.
///
/// Local search only tries new edges to near neighbours: a good tour almost never joins a place
/// to one outside its ten nearest, and limiting the candidates is what makes each improvement
/// step cost O(k) instead of O(n).
public struct NeighbourLists: Sendable {
    public let count: Int
    public let perPlace: Int
    let storage: ContiguousArray<Int32>

    /// Builds the lists from the matrix by partial selection: O(n² log k), 10 ms for n = 1,000.
    /// Ties are broken by index so the lists do not depend on anything but the costs.
    public init(costs: CostMatrix, perPlace wanted: Int) {
        let n = costs.count
        let k = max(0, min(wanted, n - 1))
        count = n
        perPlace = k
        var lists = ContiguousArray<Int32>(repeating: 0, count: n * k)
        var bestIndex = [Int](repeating: 0, count: k + 1)
        var bestCost = [Double](repeating: 0, count: k + 1)
        for i in 0..<n {
            var filled = 0
            for j in 0..<n where j != i {
                let c = costs[i, j]
                if filled == k && c >= bestCost[k - 1] { continue }
                var slot = filled < k ? filled : k - 1
                while slot > 0 && bestCost[slot - 1] > c {
                    bestCost[slot] = bestCost[slot - 1]
                    bestIndex[slot] = bestIndex[slot - 1]
                    slot -= 1
                }
                bestCost[slot] = c
                bestIndex[slot] = j
                if filled < k { filled += 1 }
            }
            for slot in 0..<k { lists[i * k + slot] = Int32(bestIndex[slot]) }
        }
        storage = lists
    }

    /// Quadrant neighbours: for each place, the `perQuadrant` cheapest in each of the four
    /// quadrants around it (by `coordinates`), then the cheapest others up to `perPlace`, the
    /// whole list sorted cheapest first.
    ///
    /// On clustered places (suspect sources come in tight clusters) the nearest neighbours of
    /// a place all lie in its own cluster, so no move ever considers a better edge between two
    /// clusters; the quadrant picks guarantee a few candidates in every direction.
    public init(costs: CostMatrix, perPlace wanted: Int, coordinates: [(x: Double, y: Double)], perQuadrant: Int) {
        let n = costs.count
        let k = max(0, min(wanted, n - 1))
        count = n
        perPlace = k
        var lists = ContiguousArray<Int32>(repeating: 0, count: n * k)
        var order = [Int](repeating: 0, count: max(0, n - 1))
        for i in 0..<n {
            var filled = 0
            for j in 0..<n where j != i {
                order[filled] = j
                filled += 1
            }
            order.sort { (costs[i, $0], $0) < (costs[i, $1], $1) }
            var chosen: [Int] = []
            var taken = [Int](repeating: 0, count: 4)
            for j in order where chosen.count < k {
                let dx = coordinates[j].x - coordinates[i].x, dy = coordinates[j].y - coordinates[i].y
                let quadrant = (dx > 0 || (dx == 0 && dy > 0) ? 0 : 1) + (dy > 0 || (dy == 0 && dx < 0) ? 0 : 2)
                if taken[quadrant] < perQuadrant {
                    taken[quadrant] += 1
                    chosen.append(j)
                }
            }
            for j in order where chosen.count < k && !chosen.contains(j) { chosen.append(j) }
            chosen.sort { (costs[i, $0], $0) < (costs[i, $1], $1) }
            for (slot, j) in chosen.enumerated() { lists[i * k + slot] = Int32(j) }
        }
        storage = lists
    }

    /// The neighbours of `place`, cheapest first.
    public func neighbours(of place: Int) -> ArraySlice<Int32> {
        storage[(place * perPlace)..<((place + 1) * perPlace)]
    }
}
