"""The PyTorch side of bench/run.py: the same workloads as bench/java/org/dlnotes/bench/Workloads.java.

A long-lived process: one command per line on stdin, one answer line starting with '@@ ' on stdout (the protocol
of Dl4jWorker.java). Threads come from --threads (torch.set_num_threads) and the environment (OMP_NUM_THREADS),
set equally for both sides by run.py. Everything mirrors the DL4J side: float32, Xavier-normal weights and zero
biases (DL4J's WeightInit.XAVIER), Adam(1e-3, 0.9, 0.999, 1e-8), softmax cross-entropy, in-memory batches, and
the loss read back after every step (DL4J's net.score(), as the library's Trainer does).
"""
import json
import re
import sys
import time

import torch
from torch import nn

BATCHES = 8  # distinct pre-built batches each training workload cycles through


def xavier(model):
    """DL4J's WeightInit.XAVIER: normal, variance 2 / (fan_in + fan_out); biases 0 (LSTM forget gate 1, as DL4J)."""
    for name, p in model.named_parameters():
        if p.dim() >= 2:
            nn.init.xavier_normal_(p)
        else:
            nn.init.zeros_(p)
    for module in model.modules():
        if isinstance(module, nn.LSTM):
            for name, p in module.named_parameters():
                if name.startswith("bias_ih"):
                    h = module.hidden_size
                    p.data[h:2 * h] = 1.0  # PyTorch gate order i, f, g, o
    return model


def mlp(inputs, hidden, outputs):
    layers, n = [], inputs
    for h in hidden:
        layers += [nn.Linear(n, h), nn.ReLU()]
        n = h
    layers.append(nn.Linear(n, outputs))  # softmax is inside CrossEntropyLoss
    return xavier(nn.Sequential(*layers))


def cnn():
    """org.dlnotes.models.Cnn defaults: 3x3 same conv 16, 2x2 max pool, 3x3 same conv 32, 2x2 max pool, dense 64."""
    return xavier(nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10)))


class LanguageModel(nn.Module):
    """org.dlnotes.models.LstmLanguageModel: embedding -> stacked LSTM -> softmax over the vocabulary per step."""

    def __init__(self, vocabulary, embedding=128, units=128, layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, units, num_layers=layers, batch_first=True)
        self.out = nn.Linear(units, vocabulary)

    def forward(self, x):
        h, _ = self.lstm(self.embedding(x))
        return self.out(h)


class Train:
    def __init__(self, model, batch, input_shape, classes, sequence=None):
        g = torch.Generator().manual_seed(7)
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        self.loss = nn.CrossEntropyLoss()
        self.data = []
        for _ in range(BATCHES):
            if sequence is None:
                x = torch.rand((batch,) + input_shape, generator=g)
                y = torch.randint(classes, (batch,), generator=g)
            else:
                x = torch.randint(classes, (batch, sequence), generator=g)
                y = torch.randint(classes, (batch, sequence), generator=g)
            self.data.append((x, y))
        self.classes = classes
        self.next = 0
        self.last = float("nan")

    def prepare(self):
        self.run(2 * BATCHES)

    def run(self, iterations):
        for _ in range(iterations):
            x, y = self.data[self.next]
            self.opt.zero_grad(set_to_none=True)
            out = self.model(x)
            loss = self.loss(out.reshape(-1, self.classes), y.reshape(-1))
            loss.backward()
            self.opt.step()
            self.last = loss.item()
            self.next = (self.next + 1) % len(self.data)

    def check(self):
        return self.last


class Infer:
    def __init__(self, model, input_shape):
        g = torch.Generator().manual_seed(7)
        self.model = model.eval()
        self.rows = [torch.rand((1,) + input_shape, generator=g) for _ in range(64)]
        self.next = 0
        self.last = float("nan")

    def prepare(self):
        self.run(200)

    def run(self, iterations):
        with torch.inference_mode():
            for _ in range(iterations):
                out = torch.softmax(self.model(self.rows[self.next]), dim=1)  # DL4J's output includes the softmax
                self.last = out[0, 0].item()
                self.next = (self.next + 1) % len(self.rows)

    def check(self):
        return self.last


class Gemm:
    """torch.mm(a, b, out=c) as Nd4j.gemm into a preallocated C; with allocate, a @ b as a.mmul(b)."""

    def __init__(self, n, allocate=False):
        g = torch.Generator().manual_seed(7)
        self.n = n
        self.allocate = allocate
        self.a = torch.rand((n, n), generator=g)
        self.b = torch.rand((n, n), generator=g)
        self.c = torch.empty((n, n))

    def prepare(self):
        self.run(max(1, int(2e9 / (2.0 * self.n ** 3))))

    def run(self, iterations):
        for _ in range(iterations):
            if self.allocate:
                self.c = self.a @ self.b
            else:
                torch.mm(self.a, self.b, out=self.c)

    def check(self):
        return self.c[-1, -1].item() / self.n


class BiasAdd:
    """z += b then z -= b, in place, for a 16×16 z and a 16-vector b: one tiny op per iteration, the per-op cost."""

    def __init__(self):
        g = torch.Generator().manual_seed(7)
        self.z = torch.rand((16, 16), generator=g)
        self.b = torch.rand((16,), generator=g)
        self.count = 0

    def prepare(self):
        self.run(2000)

    def run(self, iterations):
        for _ in range(iterations):
            if self.count % 2 == 0:
                self.z.add_(self.b)
            else:
                self.z.sub_(self.b)
            self.count += 1

    def check(self):
        return self.z[0, 0].item()


def create(name):
    if name.startswith("gemm-"):
        return Gemm(int(name[5:]))
    if name.startswith("mmul-"):
        return Gemm(int(name[5:]), allocate=True)
    if name == "mlp-train":
        return Train(mlp(784, [512, 256], 10), 128, (784,), 10)
    if name == "mlp-tiny-train":
        return Train(mlp(4, [16], 3), 16, (4,), 3)
    if name == "cnn-train":
        return Train(cnn(), 64, (1, 28, 28), 10)
    if name == "lstm-train":
        return Train(xavier(LanguageModel(1000)), 32, None, 1000, sequence=64)
    if name == "mlp-infer1":
        return Infer(mlp(784, [512, 256], 10), (784,))
    if name == "cnn-infer1":
        return Infer(cnn(), (1, 28, 28))
    if name == "op-bias-add":
        return BiasAdd()
    raise ValueError(f"unknown workload '{name}'")


def capability():
    m = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    return m.group(1) if m else "?"


def info():
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "capability": capability(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "python": sys.version.split()[0],
    }


def main():
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else None
    if threads:
        torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    answer = lambda s: print("@@ " + s, flush=True)
    prepared = {}
    for line in sys.stdin:
        w = line.split()
        if not w:
            continue
        try:
            if w[0] == "info":
                answer(json.dumps(info()))
            elif w[0] == "prepare":
                prepared.clear()
                workload = create(w[1])
                workload.prepare()
                prepared[w[1]] = workload
                answer("ok")
            elif w[0] == "run":
                workload = prepared[w[1]]
                c0, th0, t0 = time.process_time(), time.thread_time(), time.perf_counter()
                workload.run(int(w[2]))
                seconds, cpu, thread = time.perf_counter() - t0, time.process_time() - c0, time.thread_time() - th0
                answer(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "thread_cpu_seconds": thread, "gc_ms": 0,
                                   "check": workload.check()}))
            elif w[0] == "quit":
                answer("bye")
                return
            else:
                raise ValueError(f"unknown command '{w[0]}'")
        except Exception as e:  # reported to the coordinator, which stops with the message
            answer(f"error {type(e).__name__}: {e}".replace("\n", " "))


if __name__ == "__main__":
    main()
