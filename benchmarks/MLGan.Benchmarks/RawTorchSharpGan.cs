using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// The baseline: a minimal hand-written TorchSharp GAN loop with the same networks, batch, optimizer and
/// objective as MLGan's defaults (non-saturating loss, MLPs with 3 hidden layers of 128, Adam), written
/// without any of MLGan's code.
/// </summary>
internal static class RawTorchSharpGan
{
    /// <summary>Trains for <paramref name="steps"/> D+G steps; returns seconds per step after <paramref name="warmup"/> steps.</summary>
    public static double SecondsPerStep(float[] data, int rows, int steps, int warmup, int batch = 256, int latent = 16, int hidden = 128)
    {
        torch.random.manual_seed(1);
        using var x = tensor(data, new long[] { rows, 2 });
        using var g = nn.Sequential(
            nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 2));
        using var d = nn.Sequential(
            nn.Linear(2, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1));
        using var optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        using var optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        var shuffler = new Random(1);
        var order = Enumerable.Range(0, rows).ToArray();
        int next = rows;
        var clock = new System.Diagnostics.Stopwatch();
        for (int step = 0; step < steps; step++)
        {
            if (step == warmup)
                clock.Start();
            using var scope = NewDisposeScope();
            if (next + batch > rows)
            {
                shuffler.Shuffle(order);
                next = 0;
            }
            var index = tensor(order.AsSpan(next, batch).ToArray().Select(i => (long)i).ToArray());
            next += batch;

            var real = x.index_select(0, index);
            Tensor fake;
            using (no_grad())
                fake = g.forward(randn(batch, latent));
            var lossD = d.forward(real).neg().softplus().mean() + d.forward(fake).softplus().mean();
            optD.zero_grad();
            lossD.backward();
            optD.step();

            var lossG = d.forward(g.forward(randn(batch, latent))).neg().softplus().mean();
            optG.zero_grad();
            lossG.backward();
            optG.step();
            _ = lossD.item<float>() + lossG.item<float>();
        }
        return clock.Elapsed.TotalSeconds / (steps - warmup);
    }
}
