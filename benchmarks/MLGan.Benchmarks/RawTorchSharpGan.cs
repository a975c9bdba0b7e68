using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Benchmarks;

/// <summary>
/// The hand-written TorchSharp peer: the same operations, in the same order, as one MLGan step of the plain GAN and as
/// benchmarks/pytorch/gan_step.py (see that file's header), written without any of MLGan's code.
/// </summary>
internal static class RawTorchSharpGan
{
    /// <summary>Trains for <paramref name="steps"/> D+G steps; returns seconds per step after <paramref name="warmup"/> steps.</summary>
    public static double SecondsPerStep(SpeedNetworks nets, float[] data, int rows, int steps, int warmup)
    {
        random.manual_seed(1);
        using var x = tensor(data, new long[] { rows, 2 });
        using var g = Mlp(nets.Latent, nets.GeneratorHidden, 2, () => nn.ReLU(), nets.GeneratorBatchNorm, 1);
        using var d = Mlp(2, nets.DiscriminatorHidden, 1,
            () => nets.DiscriminatorActivation == GanActivation.LeakyReLU ? nn.LeakyReLU(0.2) : nn.ReLU(), false, nets.MaxoutPieces);
        g.train();
        d.train();
        var gParams = g.parameters().ToArray();
        var dParams = d.parameters().ToArray();
        using var optG = optim.Adam(gParams, nets.LearningRate, nets.Beta1, nets.Beta2);
        using var optD = optim.Adam(dParams, nets.LearningRate, nets.Beta1, nets.Beta2);
        using var sums = zeros(3, dtype: ScalarType.Float64);
        var shuffler = new Random(1);
        var order = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        int next = rows, batch = nets.Batch;
        var clock = new System.Diagnostics.Stopwatch();
        for (int step = 1; step <= steps; step++)
        {
            if (step == warmup + 1)
                clock.Start();
            using (NewDisposeScope())
            {
                if (next + batch > rows)
                {
                    shuffler.Shuffle(order);
                    next = 0;
                }
                var real = x.index_select(0, tensor(order.AsSpan(next, batch).ToArray()));
                next += batch;
                Tensor fake;
                using (no_grad())
                    fake = g.forward(randn(batch, nets.Latent));
                var lossD = d.forward(real).neg().softplus().mean() + d.forward(fake).softplus().mean();
                optD.zero_grad();
                lossD.backward();
                optD.step();
                using (no_grad())
                    sums.narrow(0, 0, 1).add_(lossD.detach().reshape(1));
            }
            using (NewDisposeScope())
            {
                foreach (var p in dParams)
                    p.requires_grad = false;
                var lossG = d.forward(g.forward(randn(batch, nets.Latent))).neg().softplus().mean();
                optG.zero_grad();
                lossG.backward();
                var norm = stack(gParams.Select(p => p.grad!.square().sum())).sum().sqrt();
                optG.step();
                foreach (var p in dParams)
                    p.requires_grad = true;
                using (no_grad())
                    sums.narrow(0, 1, 2).add_(stack(new[] { lossG.detach(), norm }));
            }
            if (step % 100 == 0)
            {
                _ = sums.data<double>().ToArray();
                sums.zero_();
            }
        }
        return clock.Elapsed.TotalSeconds / (steps - warmup);
    }

    private static nn.Module<Tensor, Tensor> Mlp(int inputs, int[] hidden, int outputs, Func<nn.Module<Tensor, Tensor>> activation, bool batchNorm, int pieces)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int width = inputs;
        foreach (int size in hidden)
        {
            layers.Add(nn.Linear(width, size * pieces));
            if (batchNorm)
                layers.Add(nn.BatchNorm1d(size * pieces));
            layers.Add(pieces > 1 ? new MaxoutUnits(pieces) : activation());
            width = size;
        }
        layers.Add(nn.Linear(width, outputs));
        return nn.Sequential(layers);
    }

    private sealed class MaxoutUnits(int pieces) : nn.Module<Tensor, Tensor>("maxout")
    {
        public override Tensor forward(Tensor input) => input.reshape(input.shape[0], input.shape[1] / pieces, pieces).amax(2);
    }
}
