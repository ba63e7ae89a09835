/// The local search's moves for asymmetric costs, where a path driven backwards costs what its
/// reverse edges cost, not what it did.
///
/// The symmetric moves price a 2-opt reversal by its two new edges alone, and let the array
/// reverse whichever side of the tour is shorter (the same cycle read the other way round).
/// On one-way roads both are wrong: every edge of the reversed path changes its cost, and
/// reading the tour backwards changes all of them. Their "gains" then no longer add up to the
/// tour's length and the search can cycle for ever. These moves instead keep the array's
/// forward order as the direction driven, reverse exactly the path they mean to, and count
/// every edge whose direction changes, so every move shortens the directed tour by its gain.
extension TourLocalSearch {
    /// The neighbour slots of `place` in a flat list array.
    @inline(__always)
    private func slots(of place: Int) -> Range<Int> { (place * perPlace)..<((place + 1) * perPlace) }

    /// The number of places from `first` forwards to `last`, both included.
    @inline(__always)
    private func pathPlaceCount(from first: Int, to last: Int) -> Int {
        var places = Int(tour.position[last]) - Int(tour.position[first])
        if places < 0 { places += count }
        return places + 1
    }

    /// What driving the path `first`…`last` backwards costs more than driving it forwards.
    private func reversalPenalty(from first: Int, to last: Int) -> Double {
        var forwards = 0.0, backwards = 0.0
        var city = first
        while city != last {
            let following = tour.next(city)
            forwards += cost(city, following)
            backwards += cost(following, city)
            city = following
        }
        return backwards - forwards
    }

    // MARK: 2-opt

    /// First improving 2-opt move that adds an edge leaving `t1` (t1 → t3, the path t2…t3
    /// reversed) or entering it (t3 → t1, the path t3…t2 reversed), priced exactly.
    func improveDirectedTwoOpt(_ t1: Int) -> Bool {
        let t2 = tour.next(t1)
        let leaving = cost(t1, t2)
        for slot in slots(of: t1) {
            let t3 = Int(neighbourStorage[slot])
            if leaving - cost(t1, t3) <= epsilon { break }
            let t4 = tour.next(t3)
            if t3 == t2 || t4 == t1 { continue }
            if tryReversal(first: t2, last: t3) { return true }
        }
        let t2Before = tour.previous(t1)
        let entering = cost(t2Before, t1)
        for slot in slots(of: t1) {
            let t3 = Int(incomingStorage[slot])
            if entering - cost(t3, t1) <= epsilon { break }
            let t4 = tour.previous(t3)
            if t3 == t2Before || t4 == t1 { continue }
            if tryReversal(first: t3, last: t2Before) { return true }
        }
        return false
    }

    /// Reverses the path `first`…`last` (p first … last n → p last … first n) when that
    /// shortens the directed tour, counting the reversed path's own edges.
    private func tryReversal(first: Int, last: Int) -> Bool {
        let before = tour.previous(first), after = tour.next(last)
        let edgeGain = cost(before, first) + cost(last, after) - cost(before, last) - cost(first, after)
        // The path's own change is only walked for moves whose new edges already pay.
        guard edgeGain > epsilon else { return false }
        let gain = edgeGain - reversalPenalty(from: first, to: last)
        guard gain > epsilon else { return false }
        reversePositions(start: Int(tour.position[first]), length: pathPlaceCount(from: first, to: last))
        length -= gain
        enqueue(before); enqueue(first); enqueue(last); enqueue(after)
        return true
    }

    // MARK: Or-opt

    /// First improving Or-opt move of a path of 1–3 places that starts or ends at `place`:
    /// moved between two adjacent places x → y elsewhere, driven as it was or reversed.
    func improveDirectedOrOpt(_ place: Int) -> Bool {
        for end in 0..<2 {
            let startsAtPlace = end == 0
            var first = place, last = place
            // The single place is the same path from either end: tried once.
            for placesMoved in (startsAtPlace ? 1 : 2)...3 {
                if startsAtPlace && placesMoved > 1 { last = tour.next(last) }
                if !startsAtPlace { first = tour.previous(first) }
                let a = tour.previous(first), b = tour.next(last)
                if a == last || b == first || a == b { break }
                let removeGain = cost(a, first) + cost(last, b) - cost(a, b)
                if removeGain <= epsilon { continue }
                let segment = Segment(first: first, last: last, places: placesMoved, removeGain: removeGain)
                if tryInsertion(of: segment) { return true }
            }
        }
        return false
    }

    /// The path `first`…`last` (`places` places) taken out between its neighbours, and what
    /// taking it out saves.
    private struct Segment {
        let first: Int, last: Int, places: Int
        let removeGain: Double
    }

    /// First improving insertion of the segment: next to a near place it can be reached from
    /// (x → segment) or go on to (segment → y), as it is driven or reversed.
    private func tryInsertion(of segment: Segment) -> Bool {
        let penaltyIfReversed = segment.places == 1 ? 0 : reversalPenalty(from: segment.first, to: segment.last)
        // A single place reads the same both ways round.
        for way in 0..<(segment.places == 1 ? 1 : 2) {
            let reversed = way == 1
            // Reversed, the segment is entered at `last` and left at `first`.
            let entry = reversed ? segment.last : segment.first
            let exit = reversed ? segment.first : segment.last
            let penalty = reversed ? penaltyIfReversed : 0
            for slot in slots(of: entry) {
                let x = Int(incomingStorage[slot])
                let g1 = segment.removeGain - cost(x, entry)
                if g1 <= epsilon { break }
                let y = tour.next(x)
                let gain = g1 + cost(x, y) - cost(exit, y) - penalty
                if gain > epsilon && insertIfOutside(segment, x: x, y: y, reversed: reversed, gain: gain) { return true }
            }
            for slot in slots(of: exit) {
                let y = Int(neighbourStorage[slot])
                let g1 = segment.removeGain - cost(exit, y)
                if g1 <= epsilon { break }
                let x = tour.previous(y)
                let gain = g1 + cost(x, y) - cost(x, entry) - penalty
                if gain > epsilon && insertIfOutside(segment, x: x, y: y, reversed: reversed, gain: gain) { return true }
            }
        }
        return false
    }

    /// Makes the insertion between x and y unless either lies in the segment itself.
    private func insertIfOutside(_ segment: Segment, x: Int, y: Int, reversed: Bool, gain: Double) -> Bool {
        let start = Int(tour.position[segment.first])
        func isInside(_ place: Int) -> Bool {
            var offset = Int(tour.position[place]) - start
            if offset < 0 { offset += count }
            return offset < segment.places
        }
        if isInside(x) || isInside(y) { return false }
        let a = tour.previous(segment.first), b = tour.next(segment.last)
        moveSegment(segment, x: x, y: y, reversed: reversed)
        length -= gain
        enqueue(a); enqueue(b); enqueue(segment.first); enqueue(segment.last); enqueue(x); enqueue(y)
        return true
    }

    /// Moves the segment between x and y by rotating it past the shorter of the two paths that
    /// separate it from x → y, with two or three reversals that keep the forward order the
    /// direction driven:
    ///   a S b…x y…a  →  a b…x S y…a   (S driven as before, or reversed)
    private func moveSegment(_ segment: Segment, x: Int, y: Int, reversed: Bool) {
        let places = segment.places
        let b = tour.next(segment.last)
        let placesUpToX = pathPlaceCount(from: b, to: x)  // b…x, after the segment
        let placesFromY = count - places - placesUpToX  // y…a, before the segment
        if placesUpToX <= placesFromY {
            // [S b…x] → [x…b S'] → [b…x S'] → [b…x S]
            let start = Int(tour.position[segment.first])
            reversePositions(start: start, length: places + placesUpToX)
            reversePositions(start: start, length: placesUpToX)
            if !reversed { reversePositions(start: (start + placesUpToX) % count, length: places) }
        } else {
            // [y…a S] → [S' a…y] → [S' y…a] → [S y…a]
            let start = Int(tour.position[y])
            reversePositions(start: start, length: placesFromY + places)
            reversePositions(start: (start + places) % count, length: placesFromY)
            if !reversed { reversePositions(start: start, length: places) }
        }
    }
}
