"""PyTorch peer of MLGan's training step, for the side-by-side speed benchmark (`MLGan.Benchmarks perf`).

Runs the same operations, in the same order, as one MLGan step of the plain GAN (non-saturating loss, no remedies):
  discriminator phase: a batch of real rows (index_select from a per-epoch shuffle), fresh latents, the generator
    without a graph, the discriminator on real and generated rows, softplus losses, zero_grad, backward, Adam step,
    the loss added to device-side float64 sums;
  generator phase: the discriminator's parameters frozen (requires_grad off), fresh latents, generator forward with a
    graph, the discriminator on the generated rows, loss, zero_grad, backward, the generator's gradient norm
    (sqrt of the sum of each gradient's squared sum), Adam step, loss and norm added to the sums;
  every 100 steps the sums are read on the host and reset (MLGan's progress report).
The one difference: maxout (the "paper" discriminator) reduces its pieces where they lie, as the straightforward layer
does; MLGan copies them into piece-major order first (same values and gradients, faster in libtorch).
Prints one line: "<ms per step>" over the timed steps (after the warm-up steps).

Usage: python3 gan_step.py --net small|paper|baseline --threads N --steps S --warmup W
"""
import argparse
import math
import time

import torch
from torch import nn
from torch.nn.functional import softplus


class Maxout(nn.Module):
    """[N, units * pieces] -> [N, units]: each unit the maximum of its consecutive pieces."""

    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        return x.reshape(x.shape[0], x.shape[1] // self.pieces, self.pieces).amax(2)


def mlp(inputs, hidden, outputs, activation, batch_norm=False, pieces=1):
    layers, width = [], inputs
    for size in hidden:
        layers.append(nn.Linear(width, size * pieces))
        if batch_norm:
            layers.append(nn.BatchNorm1d(size * pieces))
        layers.append(Maxout(pieces) if pieces > 1 else activation())
        width = size
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


def networks(name):
    """(generator, discriminator, latent size, batch size, Adam learning rate, beta1, beta2)."""
    if name == "small":  # the PacGAN "small" networks
        return (mlp(2, [128] * 3, 2, nn.ReLU), mlp(2, [128] * 3, 1, nn.ReLU), 2, 256, 1e-4, 0.8, 0.999)
    if name == "paper":  # the PacGAN paper's 2-D networks: G 4x400 ReLU + batch norm, D 3 maxout layers x 200 (5 pieces)
        return (mlp(2, [400] * 4, 2, nn.ReLU, batch_norm=True), mlp(2, [200] * 3, 1, None, pieces=5), 2, 100, 1e-4, 0.8, 0.999)
    if name == "baseline":  # MLGan's default networks with the plain GAN's schedule
        leaky = lambda: nn.LeakyReLU(0.2)
        return (mlp(16, [128] * 3, 2, nn.ReLU), mlp(2, [128] * 3, 1, leaky), 16, 256, 2e-4, 0.5, 0.999)
    raise SystemExit(f"unknown network set {name}")


def ring(rows, generator):
    """8 Gaussian modes on a circle of radius 2, std 0.02 (the benchmark's data; values do not affect the timing)."""
    mode = torch.randint(0, 8, (rows,), generator=generator)
    angle = mode.to(torch.float32) * (2 * math.pi / 8)
    centres = torch.stack([2 * angle.cos(), 2 * angle.sin()], 1)
    return centres + 0.02 * torch.randn(rows, 2, generator=generator)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--net", default="small")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=500)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    generator, discriminator, latent, batch, rate, beta1, beta2 = networks(args.net)
    generator.train()
    discriminator.train()
    opt_g = torch.optim.Adam(generator.parameters(), rate, (beta1, beta2))
    opt_d = torch.optim.Adam(discriminator.parameters(), rate, (beta1, beta2))
    random = torch.Generator().manual_seed(1)
    data = ring(10_000, random)
    rows = data.shape[0]
    sums = torch.zeros(3, dtype=torch.float64)
    order, cursor = None, rows
    d_params, g_params = list(discriminator.parameters()), list(generator.parameters())

    start = None
    for step in range(1, args.steps + 1):
        if step == args.warmup + 1:
            start = time.perf_counter()
        # Discriminator phase.
        if cursor + batch > rows:
            order, cursor = torch.randperm(rows, generator=random), 0
        real = data.index_select(0, order[cursor:cursor + batch])
        cursor += batch
        z = torch.randn(batch, latent, generator=random)
        with torch.no_grad():
            fake = generator(z)
        loss_d = softplus(discriminator(real).neg()).mean() + softplus(discriminator(fake)).mean()
        opt_d.zero_grad(set_to_none=False)
        loss_d.backward()
        opt_d.step()
        with torch.no_grad():
            sums[0:1].add_(loss_d.detach().reshape(1))
        # Generator phase.
        for p in d_params:
            p.requires_grad_(False)
        z = torch.randn(batch, latent, generator=random)
        loss_g = softplus(discriminator(generator(z)).neg()).mean()
        opt_g.zero_grad(set_to_none=False)
        loss_g.backward()
        norm = torch.stack([p.grad.square().sum() for p in g_params]).sum().sqrt()
        opt_g.step()
        for p in d_params:
            p.requires_grad_(True)
        with torch.no_grad():
            sums[1:3].add_(torch.stack([loss_g.detach(), norm]))
        if step % 100 == 0:
            _ = sums.tolist()
            sums.zero_()
    elapsed = time.perf_counter() - start
    print(f"{1000 * elapsed / (args.steps - args.warmup):.4f}")


if __name__ == "__main__":
    main()
