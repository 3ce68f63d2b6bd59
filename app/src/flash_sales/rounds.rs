//! How a batch's units are shared among its attempts. Members' counts
//! are raised in rounds, one statement each, and a statement can raise a
//! member's count only once: a member with two attempts in a batch has
//! the second counted in a later round, if units are left.

/// Takes the next round from `waiting` (attempts, in the order they
/// came): the first attempt of each member, up to `units` of them. The
/// others keep waiting, in order.
pub fn next_round(
    waiting: &mut Vec<usize>,
    member_of: impl Fn(usize) -> i64,
    units: usize,
) -> Vec<usize> {
    let mut round: Vec<usize> = Vec::with_capacity(units.min(waiting.len()));
    let mut members = std::collections::HashSet::with_capacity(round.capacity());
    waiting.retain(|&attempt| {
        let take = round.len() < units && members.insert(member_of(attempt));
        if take {
            round.push(attempt);
        }
        !take
    });
    round
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(members: &[i64], waiting: &mut Vec<usize>, units: usize) -> Vec<usize> {
        next_round(waiting, |attempt| members[attempt], units)
    }

    #[test]
    fn attempts_are_taken_in_the_order_they_came_up_to_the_units() {
        let members = [10, 11, 12, 13];
        let mut waiting = vec![0, 1, 2, 3];
        assert_eq!(round(&members, &mut waiting, 2), vec![0, 1]);
        assert_eq!(waiting, vec![2, 3]);
    }

    #[test]
    fn a_second_attempt_by_the_same_member_waits_for_the_next_round() {
        let members = [10, 10, 11, 10];
        let mut waiting = vec![0, 1, 2, 3];
        assert_eq!(round(&members, &mut waiting, 5), vec![0, 2]);
        assert_eq!(waiting, vec![1, 3]);
        assert_eq!(round(&members, &mut waiting, 5), vec![1]);
        assert_eq!(round(&members, &mut waiting, 5), vec![3]);
        assert!(waiting.is_empty());
    }

    #[test]
    fn a_waiting_second_attempt_does_not_hold_back_later_members() {
        let members = [10, 10, 11];
        let mut waiting = vec![0, 1, 2];
        assert_eq!(round(&members, &mut waiting, 2), vec![0, 2]);
        assert_eq!(waiting, vec![1]);
    }

    #[test]
    fn no_units_take_nothing() {
        let members = [10];
        let mut waiting = vec![0];
        assert!(round(&members, &mut waiting, 0).is_empty());
        assert_eq!(waiting, vec![0]);
    }
}
