import { tokenFreeResourceBlocks } from '../../core/private/cdktf/token-free';
import { Topic as KafkaTopicBinding } from '../../providers/kafka/topic';

/**
 * The mongey/kafka `kafka_topic` binding, its block handed to cdktf's resolver as one value when it
 * holds no tokens: pipelines declare thousands of topics.
 */
export class KafkaTopicResource extends KafkaTopicBinding {
  public toTerraform(): any {
    return tokenFreeResourceBlocks(this, super.toTerraform());
  }
}
