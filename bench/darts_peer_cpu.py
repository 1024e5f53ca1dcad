#!/usr/bin/python3
"""Times the PyTorch peer's DARTS weight and architecture steps (shared/bench/darts_step.py, imported, not
copied) in wall-clock and process-CPU time, for `bin/nas bench supernet --peer`. Process-CPU time stays
meaningful on a loaded machine, where wall time does not. Prints one JSON object."""
import argparse, importlib.util, json, resource, statistics, sys, time

ap = argparse.ArgumentParser()
ap.add_argument('--peer', required=True, help='path of darts_step.py')
ap.add_argument('--C', type=int, default=8)
ap.add_argument('--layers', type=int, default=5)
ap.add_argument('--batch', type=int, default=64)
ap.add_argument('--iters', type=int, default=10)
ap.add_argument('--warmup', type=int, default=2)
args = ap.parse_args()

spec = importlib.util.spec_from_file_location('darts_step', args.peer)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
torch = peer.torch
torch.set_num_threads(1)
torch.manual_seed(0)
model = peer.SearchNet(C=args.C, layers=args.layers)
model.train()
opt_args = argparse.Namespace(lr=0.025, wd=3e-4, arch_lr=3e-4, arch_wd=1e-3)
w_opt, a_opt = peer.make_optimizers(model, opt_args)
B = args.batch
xt, yt = torch.randn(B, 1, 28, 28), torch.randint(0, 10, (B,))
xv, yv = torch.randn(B, 1, 28, 28), torch.randint(0, 10, (B,))

def peak_rss_mb():
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over an exec, so a peer started from the
    # JVM would report the JVM's resident peak when that is larger than its own
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

def timed(fn):
    wall, cpu = [], []
    for i in range(args.warmup + args.iters):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        if i >= args.warmup:
            wall.append((time.perf_counter() - w0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
    return {'wall_ms': statistics.median(wall), 'cpu_ms': statistics.median(cpu)}

res = {'peer': 'pytorch ' + torch.__version__, 'C': args.C, 'layers': args.layers, 'batch': B,
       'weight_step': timed(lambda: peer.weight_step(model, w_opt, xt, yt, 5.0)),
       'arch_step': timed(lambda: peer.arch_step_alpha_only(model, a_opt, xv, yv)),
       'peak_rss_mb': peak_rss_mb()}
print(json.dumps(res))
