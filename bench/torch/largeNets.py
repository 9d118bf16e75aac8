"""PyTorch 1.13 float64 reference timings for bench/cases/largeNets.ts (same nets, same sizes).

Prints one JSON object: median milliseconds of loss+grad, one HVP (double backward), for
two-layer nets a 65×65 loss surface on a random plane (hand-written: first-layer projections
X·W₀ᵀ, X·Uᵀ, X·Vᵀ once, then per point tanh and the output layer),
and the 10 smallest Hessian eigenpairs by scipy-free Lanczos (torch.lobpcg on the negated shifted HVP is
not available for operators, so we time scipy.sparse.linalg.eigsh when scipy exists, else skip).
Run: /usr/bin/python3 bench/torch/largeNets.py [--threads 1] [--fast]
"""
import json, sys, time
import torch

torch.set_default_dtype(torch.float64)
threads = int(sys.argv[sys.argv.index('--threads') + 1]) if '--threads' in sys.argv else 1
fast = '--fast' in sys.argv  # loss+grad and HVP only (no surface, no eigsh)
torch.set_num_threads(threads)


def median_ms(fn, reps=7, warmup=2):
    """Median wall and median process-CPU milliseconds (CPU time is what a loaded machine distorts least)."""
    for _ in range(warmup):
        fn()
    ts, cs = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
        cs.append((time.process_time() - c0) * 1000)
    ts.sort()
    cs.sort()
    return ts[len(ts) // 2], cs[len(cs) // 2]


def surface65(net, x, y, g, R=65):
    W1, b1, W2, b2 = [p.detach() for p in net.parameters()]
    P = sum(q.numel() for q in net.parameters())
    (U1, ub1, U2, ub2), (V1, vb1, V2, vb2) = [[torch.randn(p.shape, generator=g) / P ** 0.5 for p in (W1, b1, W2, b2)] for _ in range(2)]
    ts = torch.linspace(-1, 1, R).tolist()
    with torch.no_grad():
        t0 = time.perf_counter()
        Z0, ZU, ZV = x @ W1.T + b1, x @ U1.T + ub1, x @ V1.T + vb1
        out = torch.empty(R, R)
        for i, b in enumerate(ts):
            C = Z0 + b * ZV
            for k, a in enumerate(ts):
                H = torch.tanh(C + a * ZU)
                f = torch.addmm(b2 + b * vb2 + a * ub2, H, (W2 + b * V2 + a * U2).T)
                out[i, k] = ((f - y) ** 2).sum(dim=1).mean()
        return (time.perf_counter() - t0) * 1000


def case(widths, acts, n, seed=0):
    g = torch.Generator().manual_seed(seed)
    layers = []
    for i in range(len(widths) - 1):
        lin = torch.nn.Linear(widths[i], widths[i + 1])
        layers.append(lin)
        if i < len(widths) - 2:
            layers.append(acts[i % len(acts)]())
    net = torch.nn.Sequential(*layers)
    x = torch.randn(n, widths[0], generator=g)
    with torch.no_grad():
        y = torch.randn(n, widths[-1], generator=g)
    params = list(net.parameters())
    P = sum(p.numel() for p in params)

    def loss_fn():
        return ((net(x) - y) ** 2).sum(dim=1).mean()

    def loss_grad():
        L = loss_fn()
        return torch.autograd.grad(L, params)

    v = [torch.randn(p.shape, generator=g) for p in params]

    def hvp():
        L = loss_fn()
        gs = torch.autograd.grad(L, params, create_graph=True)
        dot = sum((gi * vi).sum() for gi, vi in zip(gs, v))
        return torch.autograd.grad(dot, params)

    out = {'P': P, 'N': n}
    out['lossGradMs'], out['lossGradCpuMs'] = median_ms(loss_grad)
    out['hvpMs'], out['hvpCpuMs'] = median_ms(hvp)
    if fast:
        return out
    if len(widths) == 3:
        out['surface65Ms'] = surface65(net, x, y, g)
    try:
        import numpy as np
        from scipy.sparse.linalg import LinearOperator, eigsh

        def mv(vec):
            vs = torch.from_numpy(np.ascontiguousarray(vec, dtype=np.float64))
            parts, at = [], 0
            for p in params:
                parts.append(vs[at:at + p.numel()].view(p.shape)); at += p.numel()
            L = loss_fn()
            gs = torch.autograd.grad(L, params, create_graph=True)
            dot = sum((gi * vi).sum() for gi, vi in zip(gs, parts))
            hv = torch.autograd.grad(dot, params)
            return torch.cat([h.reshape(-1) for h in hv]).numpy()

        op = LinearOperator((P, P), matvec=mv, dtype=np.float64)
        t0 = time.perf_counter()
        eigsh(op, k=10, which='SA', tol=1e-8)
        out['smallest10Ms'] = (time.perf_counter() - t0) * 1000
    except ImportError:
        out['smallest10Ms'] = None
    return out


results = {
    'mnist.784-30-10.tanh.N10000': case([784, 30, 10], [torch.nn.Tanh], 10000),
    'deep.tanh.3layer.P10k': case([20, 80, 100, 2], [torch.nn.Tanh], 2000),
}
print(json.dumps({'torch': torch.__version__, 'threads': threads, 'results': results}))
