"""PyTorch 1.13 float64 reference timings for bench/cases/eigh.ts (same sizes, same moment).

For each n: LAPACK eigh (torch.linalg.eigh, values and vectors) of a random symmetric n×n matrix,
and a hand-written Hessian of the same two-layer relu net d=2 → m → 1 as bench/cases/derivatives.ts
(N = 1600 inputs uniform in [−√3, √3]², P = 4m + 1) followed by eigh. The Hessian of
L = (1/N) Σ (f − y)² is written out by hand (no autograd): with J the N×P Jacobian of f and
r = f − y, H = (2/N)·(JᵀJ + Σₙ rₙ·∇²fₙ), where ∇²f couples only vⱼ with (wⱼ, bⱼ): ∂²f/∂vⱼ∂wⱼ = 1[zⱼ > 0]·x.
One thread (torch.set_num_threads(1); run it with OPENBLAS_NUM_THREADS=1 too, as bench/cases/eigh.ts
does: Debian's torch calls OpenBLAS, which set_num_threads does not reach), medians of repeated
timings in ms, wall clock (…Ms) and process CPU time (…CpuMs). Prints one JSON object.
Run: /usr/bin/python3 bench/torch/eigh.py 81:20 201:50 1000:250   (n:width pairs)
     /usr/bin/python3 bench/torch/eigh.py --serve 81:20 …             (interleaved with the bench: serve())
"""
import json
import math
import sys
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
N = 1600


def median_ms(fn, reps, warmup):
    """(wall, CPU) medians in ms; the CPU time (time.process_time) is the fairer one on a busy machine."""
    for _ in range(warmup):
        fn()
    ts, cs = [], []
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
        cs.append((time.process_time() - c0) * 1000)
    ts.sort()
    cs.sort()
    return ts[len(ts) // 2], cs[len(cs) // 2]


def hessian(theta, x, y, m):
    """(P×P) Hessian, parameters ordered [W (m×2) row-major | b (m) | v (m) | c]."""
    W = theta[: 2 * m].view(m, 2)
    b = theta[2 * m: 3 * m]
    v = theta[3 * m: 4 * m]
    c = theta[4 * m]
    z = x @ W.T + b  # N×m
    act = (z > 0).to(z.dtype)
    h = z * act
    r = h @ v + c - y  # N
    g = act * v  # ∂f/∂zⱼ
    n = x.shape[0]
    J = torch.cat([(g.unsqueeze(2) * x.unsqueeze(1)).reshape(n, 2 * m), g, h, torch.ones(n, 1)], dim=1)
    H = J.T @ J
    # residual-weighted second derivatives: ∂²f/∂vⱼ∂wⱼₖ = act·xₖ, ∂²f/∂vⱼ∂bⱼ = act
    ra = r.unsqueeze(1) * act  # N×m
    cw = (ra.unsqueeze(2) * x.unsqueeze(1)).sum(0)  # m×2
    cb = ra.sum(0)  # m
    idx = torch.arange(m)
    rows = torch.cat([2 * idx, 2 * idx + 1, 2 * m + idx])
    cols = (3 * m + idx).repeat(3)
    vals = torch.cat([cw[:, 0], cw[:, 1], cb])
    H.index_put_((rows, cols), vals, accumulate=True)
    H.index_put_((cols, rows), vals, accumulate=True)
    return H * (2.0 / n)


def problem(n, m):
    """The timed functions for one size: eigh of a random symmetric n×n, the Hessian, Hessian + eigh."""
    g = torch.Generator().manual_seed(n)
    A = torch.randn(n, n, generator=g)
    A = (A + A.T) / 2
    s3 = math.sqrt(3)
    x = (torch.rand(N, 2, generator=g) * 2 - 1) * s3
    y = torch.relu(x @ torch.randn(2, 4, generator=g)).sum(1)
    P = 4 * m + 1
    theta = (torch.rand(P, generator=g) * 2 - 1) * s3 * math.sqrt(2 / (2 + m))
    return {
        'eigh': lambda: torch.linalg.eigh(A),
        'hessian': lambda: hessian(theta, x, y, m),
        'hessianEigh': lambda: torch.linalg.eigh(hessian(theta, x, y, m)),
    }


def case(n, m):
    large = n >= 500
    reps, warmup = (7, 1) if large else (100, 5)
    out = {'n': n, 'width': m, 'P': 4 * m + 1, 'N': N}
    for key, fn in problem(n, m).items():
        out[key + 'Ms'], out[key + 'CpuMs'] = median_ms(fn, reps, warmup)
    return out


def serve(pairs):
    """--serve n:m …: one warm process for bench/cases/eigh.ts, which interleaves its own timings
    with ours (rounds of `n key reps` lines on stdin, each answered by one JSON line of per-repetition
    wall and CPU times in ms), so that both sides see the same load on a shared machine."""
    problems = {n: problem(n, m) for n, m in pairs}
    for fns in problems.values():
        for fn in fns.values():
            fn()
    sizes = {str(n): {'n': n, 'width': m, 'P': 4 * m + 1, 'N': N} for n, m in pairs}
    print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'sizes': sizes}), flush=True)
    for line in sys.stdin:
        n, key, reps = line.split()
        fn = problems[int(n)][key]
        wall, cpu = [], []
        for _ in range(int(reps)):
            c0 = time.process_time()
            t0 = time.perf_counter()
            fn()
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        print(json.dumps({'wall': wall, 'cpu': cpu}), flush=True)


def check(path):
    """Prints the Hessian for θ, X, Y read from a JSON file {m, theta, X, Y} (tests the formula)."""
    with open(path) as f:
        spec = json.load(f)
    m = spec['m']
    x = torch.tensor(spec['X']).view(-1, 2)
    H = hessian(torch.tensor(spec['theta']), x, torch.tensor(spec['Y']), m)
    print(json.dumps(H.reshape(-1).tolist()))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        check(sys.argv[2])
        return
    if len(sys.argv) > 1 and sys.argv[1] == '--serve':
        serve([(int(n), int(m)) for n, m in (a.split(':') for a in sys.argv[2:])])
        return
    pairs = [a.split(':') for a in sys.argv[1:]] or [['81', '20'], ['201', '50'], ['1000', '250']]
    results = {str(int(n)): case(int(n), int(m)) for n, m in pairs}
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': results}))


if __name__ == '__main__':
    main()
