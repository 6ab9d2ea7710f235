//! A bound on the memory one custom policy evaluation may take.
//!
//! The `cel` crate has no cost accounting: one short expression (`map` over
//! a large list, nested) can allocate gigabytes long before the time limit
//! stops it. [`Bounded`] wraps the global allocator and counts, on each
//! thread, what is allocated while a [`bounded`] scope is open there; past
//! the scope's limit the run ends at once with exit code 2 and a message
//! naming the rule, as configuration errors do. Outside a scope it adds one
//! thread-local read per allocation.
//!
//! The binary installs it (`src/main.rs`); a program that embeds the library
//! without it gets no memory bound, only the time limit.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::io::Write;

/// The open scope of this thread: the rule evaluated, what it may take, and
/// what it holds so far (allocated minus freed since the scope opened).
#[derive(Clone, Copy)]
struct Scope {
    rule: (*const u8, usize),
    limit: isize,
    live: isize,
}

const CLOSED: Scope = Scope { rule: (std::ptr::null(), 0), limit: 0, live: 0 };

thread_local! {
    // Const-initialised and without a destructor: reading it allocates
    // nothing, so the allocator may.
    static SCOPE: Cell<Scope> = const { Cell::new(CLOSED) };
}

/// Runs `evaluate` with at most `limit` bytes of allocation on this thread
/// (net of what it frees); past it, the process exits with code 2 and says
/// that `rule` took too much memory.
pub fn bounded<T>(rule: &str, limit: usize, evaluate: impl FnOnce() -> T) -> T {
    let limit = isize::try_from(limit).unwrap_or(isize::MAX).max(1);
    let scope = Scope { rule: (rule.as_ptr(), rule.len()), limit, live: 0 };
    let outer = SCOPE.with(|s| s.replace(scope));
    // Closed again on unwinding too, so that a caught panic cannot leave it open.
    struct Restore(Scope);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = SCOPE.try_with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(outer);
    evaluate()
}

/// Counts `delta` bytes against this thread's open scope, if any.
#[inline]
fn account(delta: isize) {
    let _ = SCOPE.try_with(|cell| {
        let mut scope = cell.get();
        if scope.limit == 0 {
            return;
        }
        scope.live = scope.live.saturating_add(delta);
        cell.set(scope);
        if scope.live > scope.limit {
            cell.set(CLOSED);
            exceeded(scope);
        }
    });
}

/// Ends the run: a policy took more memory than it may. Nothing here
/// allocates (the scope is closed, and stderr is unbuffered).
#[cold]
fn exceeded(scope: Scope) -> ! {
    // SAFETY: the scope is open only inside `bounded`, which borrows the
    // rule id for as long; this runs inside it.
    let rule = unsafe { std::slice::from_raw_parts(scope.rule.0, scope.rule.1) };
    let rule = std::str::from_utf8(rule).unwrap_or("?");
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "error: evaluating the policy rule `{rule}` took more than the limit of {} bytes of memory\n  hint: check \
         the comprehensions (all, exists, map, filter) in its expressions; or raise limits.max_policy_bytes in \
         .roadlint.yaml\n",
        scope.limit
    );
    let _ = err.flush();
    std::process::exit(2)
}

/// A global allocator that counts what bounded scopes allocate.
pub struct Bounded<A>(pub A);

// SAFETY: every call is passed to the inner allocator unchanged; counting
// touches only this thread's scope.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Bounded<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        account(layout.size() as isize);
        // SAFETY: the caller's contract, passed on.
        unsafe { self.0.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        account(layout.size() as isize);
        // SAFETY: the caller's contract, passed on.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        account(-(layout.size() as isize));
        // SAFETY: the caller's contract, passed on.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        account(new_size as isize - layout.size() as isize);
        // SAFETY: the caller's contract, passed on.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}
