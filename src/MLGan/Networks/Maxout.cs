using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>Maxout: [N, units · pieces] → [N, units], each unit the maximum of its consecutive pieces.</summary>
internal sealed class Maxout(int pieces) : nn.Module<Tensor, Tensor>("maxout")
{
    public override Tensor forward(Tensor input)
        => input.reshape(input.shape[0], input.shape[1] / pieces, pieces).amax(new long[] { 2 });
}
