/** Where a Strimzi-managed topic's `KafkaTopic` goes. */
export interface StrimziTopicPlacement {
  readonly clusterName: string;
  readonly namespace: string;
}

/** How `_placeTopic` places a topic. */
export interface TopicPlacementOptions {
  /** A Strimzi `KafkaTopic` instead of a Terraform resource. */
  readonly strimzi?: StrimziTopicPlacement;
  /** `lifecycle.prevent_destroy` on the Terraform resource. */
  readonly protectFromDestroy: boolean;
}
